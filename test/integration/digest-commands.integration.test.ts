// The operator commands (`npm run digest`, `npm run digest:status`) as real processes, the "view in browser" data,
// and the reconciler's handling of stale claims.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startCountingSink, type CountingSink } from "../helpers/counting-sink";
import { startTsChild } from "../helpers/child-process";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { reconcile } from "@/lib/digest/reconcile";
import { editionView } from "@/lib/digest/edition-view";
import { readerReason } from "@/lib/topics/reader-reason";
import { progressBar } from "@/lib/digest/status";

const DATE = "2025-03-14";
let sink: CountingSink;
let sql: Sql;
let emails: string[];

async function run(script: string, args: string[]) {
  const child = await startTsChild(script, { SMTP_URL: sink.url, LOG_LEVEL: "silent" }, args, "");
  const code = await new Promise<number | null>((r) => (child.process.exitCode !== null ? r(child.process.exitCode) : child.process.once("exit", r)));
  return { code, out: child.output() };
}

beforeEach(async () => {
  const db = testDb();
  await resetDb(db);
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 6, ["reasoning", "vision"]));
  emails = addresses(5);
  await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email, i) => ({ email, topics: [i % 2 ? "vision" : "reasoning"] })));
  sink = await startCountingSink();
  sql ??= createSql(process.env.DATABASE_URL!);
  return () => sink.close();
});

afterAll(async () => {
  await sql?.end();
  await closeTestDb();
});

describe("digest commands", () => {
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
    expect(sink.acceptedTotal()).toBe(5);

    const status = await run("scripts/digest-status.ts", ["--date", DATE]);
    expect(status.out).toContain(`daily edition ${DATE}`);
    expect(status.out).toContain("DONE");
    expect(status.out).toMatch(/pending 0 · sending 0 · sent 5/);
    expect(status.out).toMatch(/ETA 0 s/);

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

  it("draws a progress bar", () => {
    expect(progressBar(0.5, 10)).toBe("[#####-----]  50.0%");
    expect(progressBar(Number.NaN, 4)).toBe("[----]   0.0%");
  });
});
