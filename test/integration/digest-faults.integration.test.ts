// Fault tests: real PostgreSQL, Redis and an SMTP server on loopback, with the digest workers as real child
// processes. After each fault, every active subscriber has exactly one accepted message and none has two; bounces
// are recorded and suppressed; nobody unsubscribed gets mail after the unsubscribe.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startTsChild, type Child } from "../helpers/child-process";
import { waitUntil } from "../helpers/wait-until";
import { waitForQueueIdle } from "../helpers/queue-state";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { resetEnvCache } from "@/lib/env";
import { closeQueues, jobId, QUEUE, queue } from "@/lib/queue/queues";
import { emailHash } from "@/lib/subscribers/email-hash";
import { runEdition } from "@/lib/digest/run-edition";
import { enqueueSendsVia, runEditionDeps } from "@/lib/digest/runtime";
import { closeSql } from "@/lib/digest/pg-pool";

const DATE = "2025-03-14";
const TOPICS = ["llm-inference", "quantization", "alignment-safety", "reasoning"];
const WORKER = "test/helpers/digest-worker-process.ts";
const sharedRedisUrl = process.env.REDIS_URL!;

let sink: SmtpSink;
let children: Child[];
let emails: string[];
let ids: string[];
let inactive: string[];

async function setup(n: number) {
  const db = testDb();
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 16, TOPICS));
  emails = addresses(n);
  ids = await createSubscribers(
    process.env.DATABASE_URL!,
    topicIds,
    emails.map((email, i) => ({ email, topics: [TOPICS[i % 4]!, ...(i % 3 === 0 ? [TOPICS[(i + 1) % 4]!] : [])] })),
  );
  inactive = ["left@example.org", "pending@example.org"];
  await createSubscribers(process.env.DATABASE_URL!, topicIds, [
    { email: inactive[0]!, topics: TOPICS, status: "UNSUBSCRIBED" },
    { email: inactive[1]!, topics: TOPICS, status: "PENDING" },
  ]);
}

async function startWorker(env: Record<string, string> = {}): Promise<Child> {
  const child = await startTsChild(WORKER, {
    SMTP_URL: sink.url,
    SMTP_POOL_SIZE: "4",
    LOG_LEVEL: "warn",
    ...env,
  });
  children.push(child);
  return child;
}

// For tests about something other than taking over a dead or frozen worker's work: a live worker stalled by a busy
// machine keeps its jobs and claims, so the test sees the fault it injects and nothing else.
const NO_TAKEOVER = { TEST_STALE_MS: "120000", TEST_LOCK_MS: "120000" };

async function startEdition(): Promise<void> {
  const payload = { date: DATE, frequency: "DAILY" as const };
  await queue(QUEUE.edition).add("edition", payload, { jobId: jobId.edition(payload) });
}

async function counts(): Promise<Record<string, number>> {
  const rows = await testDb().delivery.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

// A worker that sends a few hundred digests in seconds on an idle machine can need minutes beside a CPU hog: the
// deadline only bounds a stuck run, and the progress it prints tells a stuck edition from a slow one.
async function waitFinished(timeoutMs = 300_000): Promise<void> {
  const db = testDb();
  const edition = () => db.edition.findFirst({ where: { date: new Date(`${DATE}T00:00:00Z`) } });
  await waitUntil(async () => (await edition())?.status === "DONE", timeoutMs, "the edition to finish", {
    state: async () => ({
      edition: (await edition())?.status,
      accepted: sink.acceptedTotal(),
      ...(await counts()),
      sendJobs: await queue(QUEUE.digestSend).getJobCounts("waiting", "active", "delayed", "prioritized", "completed", "failed"),
      workers: children.map((c) => c.output().slice(-1500)),
    }),
  });
}

/** The invariant: exactly one accepted message per active subscriber (minus `except`), never two, none to others. */
async function expectExactlyOnce(except: Set<string> = new Set()) {
  const twice = [...sink.accepted.entries()].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);
  const missing = emails.filter((e) => !except.has(e) && sink.accepted.get(e) !== 1);
  expect(missing).toEqual([]);
  for (const e of inactive) expect(sink.accepted.get(e) ?? 0).toBe(0);
  const db = testDb();
  // Every delivery the sink accepted is recorded as SENT or (where the worker died before hearing 250) UNKNOWN.
  const unknown = await db.delivery.findMany({ where: { status: "UNKNOWN" }, include: { subscriber: { select: { email: true } } } });
  for (const u of unknown) expect(sink.accepted.get(u.subscriber.email)).toBe(1);
  expect(await db.delivery.count({ where: { status: { in: ["PENDING", "SENDING"] } } })).toBe(0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const p = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await waitUntil(
    async () => {
      const r = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on("error", () => undefined); // "not up yet" is the expected answer while it starts
      try {
        await r.connect();
        return (await r.ping()) === "PONG";
      } catch {
        return false;
      } finally {
        r.disconnect();
      }
    },
    10_000,
    "private redis",
  );
  return p;
}

function useRedis(url: string) {
  process.env.REDIS_URL = url;
  resetEnvCache();
}

beforeEach(async () => {
  useRedis(sharedRedisUrl);
  await resetDb(testDb());
  await flushPrefix(process.env.REDIS_PREFIX, sharedRedisUrl);
  sink = await startSmtpSink({ countOnly: true });
  children = [];
  return async () => {
    for (const c of children) await c.kill9();
    await closeQueues();
    await closeSql();
    await sink.close();
    useRedis(sharedRedisUrl);
  };
});

afterEach(async () => {
  await flushPrefix(process.env.REDIS_PREFIX, sharedRedisUrl);
});

// Each test starts worker processes and sends hundreds of messages: on a busy machine that takes minutes. The waits
// inside name what they were waiting for; this is the backstop above their deadlines.
describe("digest under faults (worker processes, real services)", { timeout: 600_000 }, () => {
  it("kill -9 of the worker mid-run, then a restart: one message each, in-flight ones not resent", async () => {
    await setup(300);
    // Hold each reply a little, so that at the moment of the kill every connection has a message fully received
    // but unanswered: the truly uncertain case, which must not be resent.
    sink.setHoldMs(40);
    const first = await startWorker();
    await startEdition();
    await waitUntil(() => sink.acceptedTotal() >= 60, 60_000, "some mail");
    // From here on no reply goes out and, once one message waits for its reply, no recipient is accepted either:
    // each connection finishes the message it is sending and waits, or waits before its message begins. The state
    // "every message in flight received in full, none answered" then holds until the kill, however slowly the worker
    // runs or however few messages it has in flight. The kill also waits until every 250 the worker heard is recorded.
    sink.setHoldMs(Infinity);
    await waitUntil(() => sink.holding >= 1 && sink.admitted === 0, 60_000, "every connection at rest, one message or more held");
    const held = sink.holding;
    await waitUntil(
      async () => (await testDb().delivery.count({ where: { status: "SENT" } })) === sink.acceptedTotal() - held,
      60_000,
      "every answered message to be recorded SENT",
      { state: async () => ({ accepted: sink.acceptedTotal(), held, ...(await counts()) }) },
    );
    await first.kill9();
    const atKill = sink.acceptedTotal();
    expect(atKill).toBeLessThan(300);

    sink.setHoldMs(0);
    await startWorker();
    await waitFinished();
    await expectExactlyOnce();
    const c = await counts();
    // The held messages were received but the dead worker never heard 250: UNKNOWN, delivered once, not twice.
    expect(c.UNKNOWN).toBe(held);
    expect((c.SENT ?? 0) + c.UNKNOWN!).toBe(300);
  });

  it("kill -9 of the worker during the fan-out, then a restart: one row and one message per subscriber", async () => {
    await setup(600);
    // Small pages, so that the fan-out takes long enough to be interrupted between two of them.
    const first = await startWorker({ DIGEST_FANOUT_PAGE_SIZE: "10" });
    await startEdition();
    const db = testDb();
    await waitUntil(async () => (await db.delivery.count()) >= 50, 120_000, "part of the fan-out");
    await first.kill9();
    const atKill = await db.delivery.count();
    expect(atKill).toBeLessThan(600);
    const edition = await db.edition.findFirstOrThrow({ where: { date: new Date(`${DATE}T00:00:00Z`) } });
    expect(edition.status).toBe("FANNING_OUT");
    expect(sink.acceptedTotal()).toBe(0); // nothing is sent before every row exists

    // The new worker takes the stalled fan-out job over (or the reconciler enqueues it again) and finishes it.
    await startWorker();
    await waitUntil(async () => (await db.delivery.count()) === 600, 120_000, "the rest of the fan-out");
    await waitFinished();
    await expectExactlyOnce();
    expect(await db.delivery.count()).toBe(600);
  });

  it("Redis restarted empty mid-run: the reconciler re-enqueues, nobody is skipped or doubled", async () => {
    await setup(300);
    const port = await freePort();
    let redis = await startPrivateRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    try {
      useRedis(url);
      await closeQueues();
      await startWorker({ REDIS_URL: url, SMTP_RATE_PER_SECOND: "120" });
      await startEdition();
      await waitUntil(() => sink.acceptedTotal() >= 60, 60_000, "some mail");
      // No reply while Redis restarts, so the run is still in its middle afterwards however long the restart takes.
      sink.setHoldMs(Infinity);
      redis.kill("SIGKILL");
      await new Promise((r) => redis.once("exit", r));
      redis = await startPrivateRedis(port);
      const r = new Redis(url);
      expect(await r.dbsize()).toBe(0);
      r.disconnect();
      expect(sink.acceptedTotal()).toBeLessThan(300);
      sink.setHoldMs(0);
      await waitFinished();
      await expectExactlyOnce();
    } finally {
      await closeQueues();
      redis.kill("SIGKILL");
    }
  });

  it("SMTP answering 451 to one message in ten and 550 to a few addresses, two worker processes", async () => {
    await setup(300);
    const bad = new Set(emails.slice(0, 5));
    sink.setRcptPolicy((a) => (bad.has(a) ? 550 : undefined));
    sink.setDataPolicy(({ index }) => (index % 10 === 0 ? 451 : undefined));
    await startWorker(NO_TAKEOVER);
    await startWorker(NO_TAKEOVER);
    await startEdition();
    await waitFinished();
    await expectExactlyOnce(bad);
    const db = testDb();
    for (const e of bad) expect(sink.accepted.get(e) ?? 0).toBe(0);
    const bounced = await db.delivery.findMany({ where: { status: "BOUNCED" }, include: { subscriber: true } });
    expect(bounced.map((b) => b.subscriber.email).sort()).toEqual([...bad].sort());
    for (const b of bounced) expect(b.smtpResponse).toMatch(/550/);
    expect(await db.suppression.count({ where: { emailHash: { in: [...bad].map(emailHash) }, reason: "HARD_BOUNCE" } })).toBe(5);
    // At least one in ten messages was refused with 451 and went out on a later attempt.
    expect(await db.delivery.count({ where: { status: "SENT", attempts: { gt: 1 } } })).toBeGreaterThanOrEqual(25);
  });

  it("a worker frozen mid-job (its jobs and claims taken over), then thawed: its late messages are fenced off", async () => {
    await setup(300);
    // A slow first worker, so that it holds claimed, half-sent batches when it freezes (a long GC pause, a VM stall).
    const frozen = await startWorker({ SMTP_RATE_PER_SECOND: "60" });
    await startEdition();
    await waitUntil(() => sink.acceptedTotal() >= 30, 60_000, "some mail");
    frozen.process.kill("SIGSTOP");
    const db = testDb();
    try {
      // A second worker (as slow) takes the frozen one's jobs over once their locks lapse (BullMQ's stalled-job
      // check), and the reconciler releases the frozen one's stale claims; the other worker claims them again.
      await startWorker({ SMTP_RATE_PER_SECOND: "60" });
      await waitUntil(
        async () => (await db.delivery.count({ where: { status: "SENT", attempts: { gt: 1 } } })) >= 20,
        60_000,
        "the other worker to send rows the frozen one had claimed",
      );
      expect((await db.edition.findFirstOrThrow()).status).toBe("SENDING");
    } finally {
      // Thawed while the run goes on, the first worker carries on where it stopped, with messages for rows that
      // have since been claimed again or sent: its transmission marks carry an old attempt number, so it aborts
      // those messages before their bytes.
      frozen.process.kill("SIGCONT");
    }
    // A graceful stop lets its running batch finish: every message it still held has been tried once it exits.
    await frozen.stop();
    await waitFinished();
    await expectExactlyOnce();
    const c = await counts();
    expect((c.SENT ?? 0) + (c.UNKNOWN ?? 0)).toBe(300);
    // The takeover happened: rows the frozen worker had claimed were claimed again and sent by the other one.
    expect(await db.delivery.count({ where: { status: "SENT", attempts: { gt: 1 } } })).toBeGreaterThan(0);
  });

  it("the same jobs processed by two workers at once", async () => {
    await setup(300);
    sink.setHoldMs(2);
    await startWorker({ TEST_SEND_CONCURRENCY: "4", ...NO_TAKEOVER });
    await startWorker({ TEST_SEND_CONCURRENCY: "4", ...NO_TAKEOVER });
    // Every batch is queued twice under two job ids, so the two processes race for the same deliveries.
    const plain = enqueueSendsVia();
    await runEdition(
      runEditionDeps(async (jobs) => {
        await plain(jobs);
        await plain(jobs.map((j) => ({ ...j, jobId: `${j.jobId}-twin` })));
      }),
      DATE,
      "DAILY",
    );
    await waitUntil(async () => (await testDb().delivery.count({ where: { status: { in: ["PENDING", "SENDING"] } } })) === 0, 120_000, "all sent");
    await expectExactlyOnce();
    // Both processes did part of the work (each job id ran), and the database said no to the second claim.
    const jobs = await waitForQueueIdle(queue(QUEUE.digestSend), 120_000);
    expect({ completed: jobs.completed, failed: jobs.failed }).toEqual({ completed: 4, failed: 0 });
  });

  it("an unsubscribe in the middle of a run stops that reader's mail", async () => {
    await setup(300);
    await startWorker({ SMTP_RATE_PER_SECOND: "100", ...NO_TAKEOVER });
    await startEdition();
    await waitUntil(() => sink.acceptedTotal() >= 50, 60_000, "some mail");
    // Replies held while they unsubscribe: however slow the machine, the run is still going when they do.
    sink.setHoldMs(Infinity);
    const db = testDb();
    // Thirty readers whose digest has not gone out yet unsubscribe now.
    const leaving = await db.$queryRawUnsafe<{ id: string; email: string }[]>(
      `UPDATE "Subscriber" s SET status = 'UNSUBSCRIBED', "unsubscribedAt" = clock_timestamp()
         FROM (SELECT d."subscriberId" FROM "Delivery" d WHERE d.status IN ('PENDING', 'SENDING') AND d."transmittedAt" IS NULL
                ORDER BY d.id DESC LIMIT 30) x
        WHERE s.id = x."subscriberId" RETURNING s.id, s.email`,
    );
    expect(leaving).toHaveLength(30);
    sink.setHoldMs(0);
    await waitFinished();
    const gone = new Set(leaving.map((l) => l.email));
    // Nobody gets mail whose transmission started after the unsubscribe.
    const rows = await db.delivery.findMany({ where: { subscriberId: { in: leaving.map((l) => l.id) } }, include: { subscriber: true } });
    let late = 0;
    for (const r of rows) {
      const got = sink.accepted.get(r.subscriber.email) ?? 0;
      if (got > 0) {
        expect(r.transmittedAt!.getTime()).toBeLessThanOrEqual(r.subscriber.unsubscribedAt!.getTime());
        late++;
      } else expect(r.status).toBe("SKIPPED");
    }
    // At most the messages already on the wire at that instant (the pool has four connections).
    expect(late).toBeLessThanOrEqual(4);
    await expectExactlyOnce(gone);
  });
});

afterEach(async () => {
  await closeTestDb();
});
