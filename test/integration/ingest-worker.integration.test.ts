// The ingest worker on real Redis and PostgreSQL: the job scheduler fires, the recorded papers land, a retag job
// runs, a bad payload fails for good. Plus the Redis-shared HF request budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueEvents, type Worker } from "bullmq";
import { Redis } from "ioredis";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { waitUntil } from "../helpers/wait-until";
import { seedTopics } from "@/lib/topics/seed-topics";
import { bullConnection, closeQueues, queue, QUEUE } from "@/lib/queue/queues";
import { disconnectDb } from "@/lib/db";
import { disconnectRedis } from "@/lib/redis";
import { redisWindowLimiter } from "@/lib/papers/rate-limiter";
import { startIngestWorker } from "@/workers/ingest.worker";

const db = testDb();
let worker: Worker;
let events: QueueEvents;
const prefix = process.env.REDIS_PREFIX!;

beforeAll(async () => {
  await flushPrefix();
  await resetDb(db);
  await seedTopics(db);
  events = new QueueEvents(QUEUE.ingest, { connection: bullConnection(), prefix });
  await events.waitUntilReady();
  worker = await startIngestWorker();
});

afterAll(async () => {
  await worker?.close();
  await events?.close();
  await closeQueues();
  await disconnectRedis();
  await disconnectDb();
  await closeTestDb();
  await flushPrefix();
});

describe("ingest worker", () => {
  it("registers one scheduler every INGEST_EVERY_MINUTES, whose first run lands the recorded papers", async () => {
    const schedulers = await queue(QUEUE.ingest).getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: "ingest-scheduled", every: 60 * 60_000 });
    await waitUntil(
      async () => (await db.paper.count()) === 136 && (await db.paper.count({ where: { topics: { none: {} } } })) === 0,
      60_000,
      "the scheduled ingest to land 136 tagged papers",
      { state: async () => ({ papers: await db.paper.count(), untagged: await db.paper.count({ where: { topics: { none: {} } } }) }) },
    );
    // a second worker start (another process) keeps a single schedule
    const { scheduleIngest } = await import("@/workers/ingest.worker");
    await scheduleIngest();
    expect(await queue(QUEUE.ingest).getJobSchedulers()).toHaveLength(1);
  });

  it("runs a manual ingest job; after the scheduled run it changes nothing", async () => {
    const job = await queue(QUEUE.ingest).add("ingest", { source: "file", date: "2025-03-14" });
    const result = (await job.waitUntilFinished(events, 30_000)) as { new: number; unchanged: number };
    expect(result).toMatchObject({ new: 0, unchanged: 64 });
  });

  it("re-tags on a retag job", async () => {
    await db.topic.update({ where: { slug: "speech-audio" }, data: { active: false } });
    const job = await queue(QUEUE.ingest).add("retag", { reason: "test" });
    const result = (await job.waitUntilFinished(events, 30_000)) as { removed: number };
    expect(result.removed).toBeGreaterThan(0);
    expect(await db.paperTopic.count({ where: { topic: { slug: "speech-audio" } } })).toBe(0);
  });

  it("fails a malformed payload for good (no retries)", async () => {
    const job = await queue(QUEUE.ingest).add("ingest", { source: "gopher" }, { attempts: 5 });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/malformed ingest payload/);
    const after = await queue(QUEUE.ingest).getJob(job.id!);
    expect(after?.attemptsMade).toBe(1);
  });
});

describe("shared HF request budget in Redis", () => {
  it("lets at most `max` requests through per window across limiter instances", async () => {
    const r1 = new Redis(process.env.REDIS_URL!);
    const r2 = new Redis(process.env.REDIS_URL!);
    const key = `${prefix}:ratelimit:test-${Date.now()}`;
    const a = redisWindowLimiter(r1, key, 2, 1_000);
    const b = redisWindowLimiter(r2, key, 2, 1_000);
    // Start early in a window, so that a limiter that let all four through would return them before it ends.
    await waitUntil(() => Date.now() % 1_000 < 100, 5_000, "the start of a one-second window", { intervalMs: 5 });
    const windowEnd = (Math.floor(Date.now() / 1_000) + 1) * 1_000;
    const returnedAt = await Promise.all([a, b, a, b].map(async (l) => (await l.acquire(), Date.now())));
    // Every call started in this window. A slow machine can only push returns later, never earlier: whatever the
    // load, no more than two may have come back before the window ended.
    expect(returnedAt.filter((t) => t < windowEnd).length).toBeLessThanOrEqual(2);
    r1.disconnect();
    r2.disconnect();
  });
});
