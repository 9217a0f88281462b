// PostgreSQL or Redis going away for a few seconds in the middle of an edition, seen by two real worker processes
// (`workers/index.ts`, as `npm run worker` starts it) through a TCP proxy the test cuts and reopens. The workers
// must stay up, wait, resume by themselves and finish the edition: nobody gets two digests, nobody is skipped, and
// a message the SMTP server accepted during the outage is recorded SENT once the database is back.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetDb, testDb } from "../helpers/db";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startTsChild, type Child } from "../helpers/child-process";
import { waitUntil } from "../helpers/wait-until";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { closeQueues, jobId, QUEUE, queue } from "@/lib/queue/queues";
import { closeSql } from "@/lib/digest/pg-pool";

const DATE = "2025-03-14";
const TOPICS = ["llm-inference", "quantization", "alignment-safety", "reasoning"];
const SUBSCRIBERS = 2000;
const SMTP_POOL_SIZE = 4;
const OUTAGE_MS = 5000;

let sink: SmtpSink;
let proxy: TcpProxy | undefined;
let children: Child[];
let emails: string[];

async function setup(): Promise<void> {
  const db = testDb();
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 16, TOPICS));
  emails = addresses(SUBSCRIBERS);
  await createSubscribers(
    process.env.DATABASE_URL!,
    topicIds,
    emails.map((email, i) => ({ email, topics: [TOPICS[i % 4]!] })),
  );
}

/** `npm run worker` as a child, with short reconcile timings so that recovery fits in a test. */
async function startWorkerProcess(env: Record<string, string>): Promise<Child> {
  const child = await startTsChild(
    "workers/index.ts",
    {
      SMTP_URL: sink.url,
      SMTP_POOL_SIZE: String(SMTP_POOL_SIZE),
      // Slow enough that the outage falls in the middle of the run.
      SMTP_RATE_PER_SECOND: "150",
      // Above the time a batch takes on a busy machine; only a claim whose reply the cut lost waits this long.
      DIGEST_STALE_CLAIM_SECONDS: "45",
      DIGEST_FANOUT_GRACE_SECONDS: "5",
      DIGEST_RECONCILE_SECONDS: "1",
      LOG_LEVEL: "info",
      WORKERS: "digest",
      ...env,
    },
    { ready: "all workers started" },
  );
  children.push(child);
  return child;
}

async function startEdition(): Promise<void> {
  const payload = { date: DATE, frequency: "DAILY" as const };
  await queue(QUEUE.edition).add("edition", payload, { jobId: jobId.edition(payload) });
}

async function editionStatus(): Promise<string | undefined> {
  const e = await testDb().edition.findFirst({ where: { date: new Date(`${DATE}T00:00:00Z`) } });
  return e?.status;
}

async function counts(): Promise<Record<string, number>> {
  const rows = await testDb().delivery.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

/** Cuts the proxy once some mail went out, keeps it cut for OUTAGE_MS, reopens it. */
async function outageMidRun(): Promise<{ acceptedAtCut: number }> {
  await waitUntil(() => sink.acceptedTotal() >= SUBSCRIBERS * 0.3, 90_000, "30% of the mail").catch((err: Error) => {
    throw new Error(`${err.message}\n${children.map((c) => c.output().slice(-3000)).join("\n---\n")}`);
  });
  await proxy!.cut();
  const acceptedAtCut = sink.acceptedTotal();
  // The outage itself lasts a fixed time (that is the scenario); nothing is asserted from the clock.
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  await proxy!.reopen();
  return { acceptedAtCut };
}

async function expectFinishedExactlyOnce(): Promise<void> {
  await waitUntil(
    async () => {
      // Both workers keep running throughout: nobody restarts anything.
      const dead = children.find((c) => c.process.exitCode !== null || c.process.signalCode !== null);
      if (dead) throw new Error(`a worker exited (${dead.process.exitCode ?? dead.process.signalCode}):\n${dead.output().slice(-3000)}`);
      return (await editionStatus()) === "DONE";
    },
    120_000,
    "the edition to finish by itself",
  ).catch(async (err: Error) => {
    const state = JSON.stringify({ edition: await editionStatus(), deliveries: await counts(), accepted: sink.acceptedTotal(), jobs: await queue(QUEUE.digestSend).getJobCounts() });
    throw new Error(`${err.message}: ${state}\n${children.map((c) => c.output().slice(-2500)).join("\n---\n")}`);
  });
  const twice = [...sink.accepted.entries()].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);
  // Nobody is skipped silently: an address the sink never saw is one whose delivery is UNKNOWN (a transmission mark
  // committed as the connection to PostgreSQL broke, so the database cannot tell whether the bytes left), reported
  // as such and never resent.
  const missing = emails.filter((e) => sink.accepted.get(e) !== 1);
  const unknownAddresses = (
    await testDb().delivery.findMany({ where: { status: "UNKNOWN" }, select: { subscriber: { select: { email: true } } } })
  ).map((d) => d.subscriber.email);
  for (const address of missing) expect(unknownAddresses, `${address} was neither accepted nor reported UNKNOWN`).toContain(address);
  const c = await counts();
  expect(c.PENDING ?? 0).toBe(0);
  expect(c.SENDING ?? 0).toBe(0);
  expect((c.SENT ?? 0) + (c.UNKNOWN ?? 0)).toBe(SUBSCRIBERS);
  // Only messages on the wire at the instant of the cut can be uncertain; accepted ones are kept and written later.
  expect(c.UNKNOWN ?? 0).toBeLessThanOrEqual(SMTP_POOL_SIZE);
  for (const c of children) expect(c.process.exitCode).toBeNull();
}

/** Each worker said so when the dependency went away and when it came back, not once per message. */
function expectLoggedOncePerStateChange(dependency: string): void {
  for (const c of children) {
    const lines = c.output().split("\n");
    const down = lines.filter((l) => l.includes(`${dependency} unreachable`)).length;
    const up = lines.filter((l) => l.includes(`${dependency} reachable again`)).length;
    // One outage: one of each in each process, however many requests were in flight at the cut.
    expect({ down, up }, c.output().slice(-3000)).toEqual({ down: 1, up: 1 });
    expect(c.output()).not.toMatch(/unrecoverable error|Unhandled/);
  }
}

beforeEach(async () => {
  await resetDb(testDb());
  await flushPrefix(process.env.REDIS_PREFIX, process.env.REDIS_URL);
  sink = await startSmtpSink({ countOnly: true });
  children = [];
  return async () => {
    for (const c of children) await c.kill9();
    await proxy?.close();
    proxy = undefined;
    await closeQueues();
    await closeSql();
    await sink.close();
  };
});

afterEach(async () => {
  await flushPrefix(process.env.REDIS_PREFIX, process.env.REDIS_URL);
});

describe("an outage of Redis in the middle of an edition (two worker processes)", () => {
  it("Redis unreachable for 5 s: the workers wait, resume and finish; nobody gets two, nobody is skipped", async () => {
    await setup();
    const u = new URL(process.env.REDIS_URL!);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 6379) });
    // Only the workers go through the proxy; the test itself (and so the edition's first job) talks to Redis directly.
    const env = { REDIS_URL: proxy.via(process.env.REDIS_URL!) };
    await startWorkerProcess(env);
    await startWorkerProcess(env);
    await startEdition();
    const { acceptedAtCut } = await outageMidRun();
    expect(acceptedAtCut).toBeLessThan(SUBSCRIBERS);
    await expectFinishedExactlyOnce();
    expectLoggedOncePerStateChange("redis");
    const e = await testDb().edition.findFirstOrThrow();
    expect(e.consecutiveErrors).toBe(0);
  }, 240_000);
});

describe("an outage of PostgreSQL in the middle of an edition (two worker processes)", () => {
  it("PostgreSQL unreachable for 5 s: the workers wait, resume and finish; accepted messages are recorded SENT", async () => {
    await setup();
    const u = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    const env = { DATABASE_URL: proxy.via(process.env.DATABASE_URL!) };
    await startWorkerProcess(env);
    await startWorkerProcess(env);
    await startEdition();
    const { acceptedAtCut } = await outageMidRun();
    expect(acceptedAtCut).toBeLessThan(SUBSCRIBERS);
    await expectFinishedExactlyOnce();
    expectLoggedOncePerStateChange("postgres");
    // A database outage is not an SMTP error burst: the edition was never paused.
    const e = await testDb().edition.findFirstOrThrow();
    expect(e.consecutiveErrors).toBe(0);
  }, 240_000);
});
