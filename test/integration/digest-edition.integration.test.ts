// One edition per date however often the scheduler fires: three firings from two processes at the same moment make
// one edition, one delivery row per subscriber and one set of send jobs. The job schedulers are registered
// idempotently with the configured hour and time zone.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { startTsChild } from "../helpers/child-process";
import { waitUntil } from "../helpers/wait-until";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { resetEnvCache } from "@/lib/env";
import { closeQueues, QUEUE, queue } from "@/lib/queue/queues";
import { registerDigestSchedulers } from "@/workers/digest";
import { editionDateAt } from "@/lib/digest/edition-date";

beforeEach(async () => {
  await resetDb(testDb());
  await flushPrefix();
  return async () => {
    await closeQueues();
    await flushPrefix();
  };
});

afterAll(closeTestDb);

async function fire(times: number, at: Date, env: Record<string, string> = {}) {
  const child = await startTsChild("test/helpers/fire-edition-process.ts", { LOG_LEVEL: "silent", ...env }, { args: [String(times), String(at.getTime())], ready: "" });
  const code = await child.exited();
  expect(code, child.output()).toBe(0);
  return JSON.parse(child.output().trim().split("\n").pop()!) as { date: string; frequency: string; editionId: string }[][];
}

describe("digest editions", () => {
  it("three firings from two processes make one edition, one row per subscriber, one set of jobs", async () => {
    const db = testDb();
    const topicIds = await seedDigestTopics(db);
    await createPapers(db, topicIds, paperSpecs("2025-03-14", 8, ["llm-inference", "reasoning"]));
    await createSubscribers(process.env.DATABASE_URL!, topicIds, addresses(450).map((email) => ({ email, topics: ["reasoning"] })));
    // 07:00 in Berlin on 14 March 2025 is 06:00 UTC; a Friday, so no weekly edition (weekday 1 = Monday).
    const at = new Date("2025-03-14T06:00:00Z");
    const env = { DIGEST_TIMEZONE: "Europe/Berlin" };
    const [a, b] = await Promise.all([fire(2, at, env), fire(1, at, env)]);
    const seen = [...a!, ...b!].flat();
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.editionId)).size).toBe(1);
    expect(seen[0]).toMatchObject({ date: "2025-03-14", frequency: "DAILY" });

    expect(await db.edition.count()).toBe(1);
    expect((await db.edition.findFirstOrThrow()).status).toBe("SENDING");
    expect(await db.delivery.count()).toBe(450);
    // 450 deliveries in batches of 200 => 3 jobs, whichever process enqueued them.
    const counts = await queue(QUEUE.digestSend).getJobCounts("waiting", "active", "delayed", "prioritized");
    expect(Object.values(counts).reduce((x, y) => x + y, 0)).toBe(3);
  });

  it("on the weekly weekday the same firing also starts the weekly edition, from the week's papers by upvotes", async () => {
    const db = testDb();
    const topicIds = await seedDigestTopics(db);
    // The week before Monday 2025-03-17: papers from 10-16 March; a paper from the 17th belongs to next week.
    await createPapers(db, topicIds, [
      { id: "2503.00001", dailyDate: "2025-03-11", trendingScore: 1, upvotes: 300, topics: [{ slug: "reasoning", reason: "r" }] },
      { id: "2503.00002", dailyDate: "2025-03-15", trendingScore: 9, upvotes: 50, topics: [{ slug: "reasoning", reason: "r" }] },
      { id: "2503.00003", dailyDate: "2025-03-17", trendingScore: 99, upvotes: 999, topics: [{ slug: "reasoning", reason: "r" }] },
      { id: "2503.00004", dailyDate: "2025-03-09", trendingScore: 99, upvotes: 999, topics: [{ slug: "reasoning", reason: "r" }] },
    ]);
    await createSubscribers(process.env.DATABASE_URL!, topicIds, [
      { email: "w@example.org", topics: ["reasoning"], frequency: "WEEKLY" },
      { email: "d@example.org", topics: ["reasoning"] },
    ]);
    const [r] = await fire(1, new Date("2025-03-17T07:00:00Z"), { DIGEST_WEEKDAY: "1" });
    expect(r!.map((x) => x.frequency).sort()).toEqual(["DAILY", "WEEKLY"]);
    const weekly = await db.delivery.findFirstOrThrow({ where: { subscriber: { email: "w@example.org" } } });
    expect(weekly.paperIds).toEqual(["2503.00001", "2503.00002"]);
    const daily = await db.delivery.findFirstOrThrow({ where: { subscriber: { email: "d@example.org" } } });
    expect(daily.paperIds).toEqual(["2503.00003"]);
  });

  it("the real scheduler, firing every second and registered by two processes, makes one edition", async () => {
    const db = testDb();
    const topicIds = await seedDigestTopics(db);
    await createSubscribers(process.env.DATABASE_URL!, topicIds, addresses(40).map((email) => ({ email, topics: ["reasoning"] })));
    // Two processes register the scheduler (as every worker process does) and run the edition worker.
    const workers = await Promise.all([1, 2].map(() => startTsChild("test/helpers/scheduler-process.ts", { LOG_LEVEL: "silent" })));
    try {
      const editionQueue = queue(QUEUE.edition);
      await waitUntil(async () => (await editionQueue.getJobCounts("completed")).completed! >= 3, 60_000, "three firings");
    } finally {
      for (const w of workers) await w.kill9();
    }
    await queue(QUEUE.edition).removeJobScheduler("digest-daily");
    expect(await queue(QUEUE.edition).getJobSchedulers()).toHaveLength(0);
    const editions = await db.edition.findMany();
    expect(editions).toHaveLength(1);
    expect(editions[0]!.date.toISOString().slice(0, 10)).toBe(editionDateAt(new Date(), "UTC"));
    expect(await db.delivery.count()).toBe(40);
  });

  it("registers the job schedulers once, at DIGEST_HOUR in DIGEST_TIMEZONE", async () => {
    process.env.DIGEST_HOUR = "6";
    process.env.DIGEST_TIMEZONE = "America/New_York";
    resetEnvCache();
    try {
      await registerDigestSchedulers();
      await registerDigestSchedulers();
      const schedulers = await queue(QUEUE.edition).getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: "digest-daily", pattern: "0 6 * * *", tz: "America/New_York" });
      const next = schedulers[0]!.next!;
      // The next firing is 06:00 New York time.
      const hour = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hour12: false }).format(new Date(next));
      expect(Number(hour)).toBe(6);
      expect(await queue(QUEUE.reconcile).getJobSchedulers()).toHaveLength(1);
    } finally {
      delete process.env.DIGEST_HOUR;
      delete process.env.DIGEST_TIMEZONE;
      resetEnvCache();
    }
  });
});
