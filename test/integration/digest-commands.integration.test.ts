// The operator commands (`npm run digest`, `npm run digest:status`) as real processes, the "view in browser" data,
// and the reconciler's handling of stale claims.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startTsChild, type Child } from "../helpers/child-process";
import { waitForValue, waitUntil } from "../helpers/wait-until";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { reconcile } from "@/lib/digest/reconcile";
import { reconcileDeps } from "@/lib/digest/runtime";
import { closeQueues, QUEUE, queue } from "@/lib/queue/queues";
import { editionView } from "@/lib/digest/edition-view";
import { readerReason } from "@/lib/topics/reader-reason";
import { progressBar } from "@/lib/digest/status";

const DATE = "2025-03-14";
let sink: SmtpSink;
let sql: Sql;
let emails: string[];

// Commands still running when a test ends (it failed or timed out) are killed, so they cannot write into the next test.
const running = new Set<Child>();

async function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = await startTsChild(script, { SMTP_URL: sink.url, LOG_LEVEL: "silent", ...env }, { args, ready: "" });
  running.add(child);
  const code = await child.exited();
  return { code, out: child.output() };
}

beforeEach(async () => {
  const db = testDb();
  await resetDb(db);
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 6, ["reasoning", "vision"]));
  emails = addresses(5);
  await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email, i) => ({ email, topics: [i % 2 ? "vision" : "reasoning"] })));
  sink = await startSmtpSink({ countOnly: true });
  sql ??= createSql(process.env.DATABASE_URL!);
  return async () => {
    for (const child of running) await child.kill9();
    running.clear();
    await sink.close();
  };
});

afterAll(async () => {
  await sql?.end();
  await closeTestDb();
});

// Every test starts several TypeScript processes, each of which takes seconds to start on a busy machine.
describe("digest commands", { timeout: 240_000 }, () => {
  it("--dry-run prints what a few subscribers would get and writes nothing", async () => {
    const r = await run("scripts/digest.ts", ["--date", DATE, "--dry-run", "--sample", "3"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("6 candidate papers, 5 active daily subscribers");
    expect(r.out).toMatch(/r\*\*\*@example\.org {2}topics: (Reasoning|Vision)/);
    expect(r.out).toContain("why: ");
    expect(r.out).not.toContain("reader0@example.org");
    expect(await testDb().edition.count()).toBe(0);
    expect(sink.acceptedTotal()).toBe(0);
  });

  it("sends the edition through SMTP_URL once, reports it, and a second run sends nothing more", async () => {
    const first = await run("scripts/digest.ts", ["--date", DATE]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain("5 to send");
    expect(first.out).toContain("100.0%");
    expect(first.out).toMatch(/sent 5/);
    for (const e of emails) expect(sink.accepted.get(e)).toBe(1);

    const second = await run("scripts/digest.ts", ["--date", DATE]);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain("exists (DONE); 0 deliveries still pending");
    expect(second.out).toContain("this run sent nothing");
    expect(second.out).not.toContain("Mails went to");
    expect(sink.acceptedTotal()).toBe(5);

    const status = await run("scripts/digest-status.ts", ["--date", DATE]);
    expect(status.out).toContain(`daily edition ${DATE}`);
    expect(status.out).toContain("DONE");
    expect(status.out).toMatch(/pending 0 · sending 0 · sent 5/);
    expect(status.out).toMatch(/ETA 0 s/);
    // Measured over the window in which the edition was sent, not over a minute that has mostly passed idle.
    const rate = Number(/rate ([\d.]+)\/s/.exec(status.out)?.[1]);
    expect(rate, status.out).toBeGreaterThan(0.5);

    // A dry run of an edition already sent shows what was sent, not a fresh selection.
    const dry = await run("scripts/digest.ts", ["--date", DATE, "--dry-run", "--sample", "2"]);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain(`daily edition ${DATE} was already sent (DONE): what the first 2 subscribers got`);
    expect(dry.out).not.toContain("candidate papers");
    expect(dry.out.match(/: sent$/gm)?.length, dry.out).toBe(2);
    expect(sink.acceptedTotal()).toBe(5);

    // "View in browser" shows the mail's own paper list for its content key, and nothing for a made-up id.
    const d = await testDb().delivery.findFirstOrThrow({ where: { subscriber: { email: emails[0]! } } });
    const view = await editionView(testDb(), d.editionId, d.contentKey!);
    expect(view!.papers.map((p) => p.id)).toEqual(d.paperIds);
    expect(view!.papers[0]!.reason).toBe(readerReason(d.reasons[0]!));
    expect(await editionView(testDb(), "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await editionView(testDb(), "not-a-uuid")).toBeNull();
    expect((await editionView(testDb(), d.editionId))!.papers).toHaveLength(6);
  });

  it("reconciler: a stale claim never transmitted goes back to PENDING and is re-enqueued; a transmitted one becomes UNKNOWN", async () => {
    const r = await run("scripts/digest.ts", ["--date", DATE, "--dry-run"]);
    expect(r.code).toBe(0);
    const db = testDb();
    const subs = await db.subscriber.findMany({ orderBy: { email: "asc" } });
    const edition = await db.edition.create({ data: { date: new Date(`${DATE}T00:00:00Z`), frequency: "DAILY", status: "SENDING" } });
    const old = new Date(Date.now() - 3_600_000);
    const base = { editionId: edition.id, paperIds: ["2503.10000"], reasons: ["x"], contentKey: "k".repeat(22), attempts: 1 };
    const [neverSent, inFlight, fresh, covered] = await Promise.all([
      db.delivery.create({ data: { ...base, subscriberId: subs[0]!.id, status: "SENDING", claimedAt: old } }),
      db.delivery.create({ data: { ...base, subscriberId: subs[1]!.id, status: "SENDING", claimedAt: old, transmittedAt: old } }),
      db.delivery.create({ data: { ...base, subscriberId: subs[2]!.id, status: "SENDING", claimedAt: new Date() } }),
      db.delivery.create({ data: { ...base, subscriberId: subs[3]!.id, status: "PENDING" } }),
    ]);
    const enqueued: string[][] = [];
    const result = await reconcile({
      sql,
      enqueue: async (jobs) => void enqueued.push(...jobs.map((j) => j.deliveryIds)),
      liveDeliveryIds: async () => new Set([covered.id]),
      liveEditionKeys: async () => new Set(),
      enqueueEdition: async () => undefined,
      staleAfterMs: 60_000,
      fanOutGraceMs: 60_000,
    });
    expect(result).toMatchObject({ released: 1, unknown: 1, reenqueued: 1 });
    expect(enqueued).toEqual([[neverSent.id]]);
    const byId = new Map((await db.delivery.findMany()).map((d) => [d.id, d.status]));
    expect(byId.get(neverSent.id)).toBe("PENDING");
    expect(byId.get(inFlight.id)).toBe("UNKNOWN");
    expect(byId.get(fresh.id)).toBe("SENDING");
    expect(byId.get(covered.id)).toBe("PENDING");
  });

  it("reconciler: a delayed send job long overdue (its promotion lost to a Redis outage) does not cover its deliveries", async () => {
    const q = queue(QUEUE.digestSend);
    const [overdue, later] = [randomUUID(), randomUUID()];
    // No worker serves this queue here, so nothing promotes the first job once it is due.
    const jobs = [
      await q.add("send", { deliveryIds: [overdue] }, { jobId: `send-${overdue}`, delay: 1 }),
      await q.add("send", { deliveryIds: [later] }, { jobId: `send-${later}`, delay: 3_600_000 }),
    ];
    try {
      const deps = reconcileDeps({ staleAfterMs: 200 });
      const live = await waitForValue(() => deps.liveDeliveryIds(), (ids) => !ids.has(overdue), 20_000, "the overdue job to stop counting as live");
      expect(live.has(later)).toBe(true);
      expect(await jobs[0]!.getState()).toBe("delayed");
    } finally {
      for (const j of jobs) await j.remove();
      await closeQueues();
    }
  });

  it("a run killed with SIGKILL mid-edition is finished by running it again: nobody mailed twice, nobody skipped", async () => {
    const more = addresses(300, "kill.example.org");
    const topicIds = new Map((await testDb().topic.findMany()).map((t) => [t.slug, t.id]));
    await createSubscribers(process.env.DATABASE_URL!, topicIds, more.map((email, i) => ({ email, topics: [i % 2 ? "vision" : "reasoning"] })));
    const everyone = [...emails, ...more];
    // Slow enough to be caught in the middle; the sink holds its 250s so that some messages it accepted are
    // still unacknowledged when the run dies (those may only become UNKNOWN, never be sent again).
    sink.setHoldMs(300);
    const first = await startTsChild("scripts/digest.ts", { SMTP_URL: sink.url, LOG_LEVEL: "silent", SMTP_RATE_PER_SECOND: "100" }, { args: ["--date", DATE], ready: "" });
    running.add(first);
    const sent = async () => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Delivery" WHERE status = 'SENT'`)).rows[0]!.n);
    await waitUntil(
      async () => {
        if (first.process.exitCode !== null) throw new Error(`the run ended before it could be killed:\n${first.output()}`);
        return (await sent()) >= everyone.length * 0.4;
      },
      180_000,
      "40% of the edition sent",
    );
    await first.kill9();
    const sentBefore = await sent();
    expect(sentBefore).toBeLessThan(everyone.length);
    // The dead run's database sessions end with it (and with them its hold on its claims).
    await waitUntil(
      async () =>
        Number((await sql.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )).rows[0]!.n) === 0,
      10_000,
      "the killed run's sessions to close",
    );

    // Before the rerun: the edition cannot move, and the status says so instead of promising an ETA.
    const stuck = await run("scripts/digest-status.ts", ["--date", DATE]);
    expect(stuck.code, stuck.out).toBe(0);
    expect(stuck.out).toContain("SENDING");
    expect(stuck.out).toMatch(/stuck: \d+ deliveries are claimed by a run that is gone/);
    expect(stuck.out).toContain(`run: npm run digest -- --date ${DATE}`);
    expect(stuck.out).not.toMatch(/ETA \d/);

    sink.setHoldMs(0);
    const rerun = await run("scripts/digest.ts", ["--date", DATE]);
    expect(rerun.code, rerun.out).toBe(0);
    expect(rerun.out).toMatch(/took over (\d+) claims of a run that is gone: (\d+) back to pending \(never transmitted\), (\d+) UNKNOWN/);
    const [, tookOver, , unknownN] = /took over (\d+) claims of a run that is gone: (\d+) back to pending \(never transmitted\), (\d+) UNKNOWN/.exec(rerun.out)!;
    expect(Number(tookOver)).toBeGreaterThan(0);
    expect(rerun.out).toContain("Mails went to");

    const edition = await testDb().edition.findFirstOrThrow();
    expect(edition.status).toBe("DONE");
    const rows = await testDb().delivery.findMany({ select: { status: true, subscriber: { select: { email: true } } } });
    expect(rows).toHaveLength(everyone.length);
    const byEmail = new Map(rows.map((r) => [r.subscriber.email, r.status]));
    for (const e of everyone) {
      const got = sink.accepted.get(e) ?? 0;
      expect(got, `${e} mailed ${got} times`).toBeLessThanOrEqual(1);
      // Nobody is skipped: either the message was accepted and recorded, or the row says UNKNOWN (and is reported).
      if (byEmail.get(e) === "SENT") expect(got, e).toBe(1);
      else expect(byEmail.get(e), e).toBe("UNKNOWN");
    }
    expect(rows.filter((r) => r.status === "UNKNOWN")).toHaveLength(Number(unknownN));
  }, 400_000);

  it("refuses a date with no papers unless forced, and re-opens a DONE edition that sent nothing", async () => {
    const EMPTY = "2025-03-20";
    const refused = await run("scripts/digest.ts", ["--date", EMPTY]);
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toContain(`no papers for the daily edition ${EMPTY}`);
    expect(refused.out).toContain("--force");
    expect(await testDb().edition.count()).toBe(0);

    const forced = await run("scripts/digest.ts", ["--date", EMPTY, "--force"]);
    expect(forced.code, forced.out).toBe(0);
    expect((await testDb().edition.findFirstOrThrow()).status).toBe("DONE");
    expect(sink.acceptedTotal()).toBe(0);

    // The papers of that day arrive after all: the burnt edition is re-opened and sent.
    const topicIds = new Map((await testDb().topic.findMany()).map((t) => [t.slug, t.id]));
    await createPapers(testDb(), topicIds, paperSpecs(EMPTY, 4, ["reasoning", "vision"], "2504"));
    const reopened = await run("scripts/digest.ts", ["--date", EMPTY, "--reopen"]);
    expect(reopened.code, reopened.out).toBe(0);
    expect(reopened.out).toContain(`re-opened the daily edition ${EMPTY}`);
    expect(reopened.out).toContain("5 to send");
    for (const e of emails) expect(sink.accepted.get(e)).toBe(1);

    // An edition that did send mail is never re-opened (everyone would get it twice).
    const again = await run("scripts/digest.ts", ["--date", EMPTY, "--reopen"]);
    expect(again.code, again.out).toBe(1);
    expect(again.out).toContain("cannot be re-opened: 5 mails left");
    expect(sink.acceptedTotal()).toBe(5);
  });

  it("says what is wrong with a date, and prints help for every command", async () => {
    for (const bad of ["2025-02-30", "tomorrow"]) {
      const r = await run("scripts/digest.ts", ["--date", bad]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain(`invalid date "${bad}"`);
    }
    const missing = await run("scripts/digest.ts", []);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain("--date YYYY-MM-DD is required");
    const typo = await run("scripts/digest.ts", ["--date", DATE, "--dryrun"]);
    expect(typo.code, typo.out).toBe(2);
    expect(typo.out).toContain("--dryrun");
    expect(await testDb().edition.count()).toBe(0);

    const topics = await testDb().topic.count();
    const scripts = ["scripts/digest.ts", "scripts/digest-status.ts", "scripts/ingest.ts", "scripts/topics.ts", "scripts/build-recorded-papers.ts", "scripts/bench-digest.ts", "scripts/doctor.ts", "prisma/seed.ts", "workers/index.ts"];
    const helps = await Promise.all(scripts.map((script) => run(script, ["--help"])));
    scripts.forEach((script, i) => {
      expect(helps[i]!.code, `${script}: ${helps[i]!.out}`).toBe(0);
      expect(helps[i]!.out, script).toMatch(/^usage: npm run /m);
    });
    expect(await testDb().topic.count()).toBe(topics);

    const status = await run("scripts/digest-status.ts", ["--date", "2025-02-30"]);
    expect(status.code).toBe(2);
    expect(status.out).toContain('invalid date "2025-02-30"');
  }, 400_000);

  it("digest:status names a date without an edition", async () => {
    expect((await run("scripts/digest-status.ts", [])).out).toContain("no editions yet");
    expect((await run("scripts/digest.ts", ["--date", DATE])).code).toBe(0);
    const r = await run("scripts/digest-status.ts", ["--date", "1999-01-01"]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`no edition for 1999-01-01 (latest: daily ${DATE})`);
    expect(r.out).not.toContain("no editions yet");
  });

  it("draws a progress bar", () => {
    expect(progressBar(0.5, 10)).toBe("[#####-----]  50.0%");
    expect(progressBar(Number.NaN, 4)).toBe("[----]   0.0%");
  });
});
