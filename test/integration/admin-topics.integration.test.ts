// The console's topic, ingest and queue functions on real PostgreSQL and Redis: a topic preview names exactly the
// papers that saving then moves (and only the last week's), saving re-tags and is audited, reorder and retire, every
// ingest run is recorded with its counts (or its error), and "ingest now" queues one job however often it is asked
// while one waits or runs, which the worker then records as the operator's run.
import type { Worker } from "bullmq";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeQueues, queue, QUEUE } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";
import { disconnectDb } from "@/lib/db";
import { disconnectRedis } from "@/lib/redis";
import { InputError } from "@/lib/errors";
import { listAudit } from "@/lib/admin/admin-store";
import { moveTopic, previewTopicChange, readTopicDraft, saveTopicDraft, setTopicOffered, topicsInOrder, type TopicDraft } from "@/lib/admin/topic-admin";
import { ingestOverview, requestIngestNow } from "@/lib/admin/ingest-admin";
import { processIngestJob } from "@/lib/papers/ingest-job";
import { listIngestRuns } from "@/lib/papers/ingest-run-store";
import { runIngest } from "@/lib/papers/run-ingest";
import { seedTopics } from "@/lib/topics/seed-topics";
import { activeTopics } from "@/lib/subscribers/topics-lookup";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { waitUntil } from "../helpers/wait-until";

const db = testDb();
const operator = { email: "ops@paperboy.test" };
const client = { ip: "192.0.2.20", userAgent: "test" };
let worker: Worker | undefined;

beforeEach(async () => {
  await resetDb(db);
  await flushPrefix();
  await seedTopics(db);
});

afterAll(async () => {
  await worker?.close();
  await closeQueues();
  await disconnectRedis();
  await disconnectDb();
  await closeTestDb();
  await flushPrefix();
});

const tagged = async (slug: string) =>
  new Set((await db.paperTopic.findMany({ where: { topic: { slug } }, select: { paperId: true } })).map((r) => r.paperId));
const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
const draftOf = async (slug: string, change: Partial<TopicDraft>): Promise<TopicDraft> => {
  const t = (await topicsInOrder(db)).find((x) => x.slug === slug)!;
  return { mode: "edit", slug, name: t.name, description: t.description, keywords: t.keywords, arxivCategories: t.arxivCategories, ...change };
};

describe("topic preview and save", () => {
  beforeEach(async () => {
    await runIngest({ source: "file" }, { db });
  });

  it("previews exactly the papers that saving then adds to and removes from the topic", async () => {
    const before = await tagged("speech-audio");
    const draft = await draftOf("speech-audio", { keywords: ["protein"] });
    const preview = await previewTopicChange(db, draft);
    expect(preview.papersConsidered).toBe(await db.paper.count());
    expect(preview.gains.map((p) => p.title)).toEqual([expect.stringMatching(/^Tranception/)]);
    expect(preview.gains[0]!.reason).toMatch(/protein/);
    expect(preview.losses.length).toBeGreaterThan(3);
    // The preview changed nothing.
    expect(await tagged("speech-audio")).toEqual(before);

    const result = await saveTopicDraft(db, draft, operator, client);
    expect(result.papers).toBe(await db.paper.count());
    const after = await tagged("speech-audio");
    expect(ids(preview.gains)).toEqual([...after].filter((id) => !before.has(id)).sort());
    expect(ids(preview.losses)).toEqual([...before].filter((id) => !after.has(id)).sort());
    const [entry] = await listAudit(db);
    expect(entry).toMatchObject({ actor: operator.email, action: "changed topic", target: "topic speech-audio", ip: client.ip });
    expect(entry!.detail).toMatch(/keywords: .* -> protein; re-tagged \d+ papers/);
  });

  it("leaves papers first seen more than a week ago out of the preview", async () => {
    const old = await db.paper.findFirstOrThrow({ where: { title: { startsWith: "Tranception" } }, select: { id: true } });
    await db.paper.update({ where: { id: old.id }, data: { firstSeenAt: new Date(Date.now() - 8 * 86_400_000) } });
    const preview = await previewTopicChange(db, await draftOf("speech-audio", { keywords: ["protein"] }));
    expect(preview.papersConsidered).toBe((await db.paper.count()) - 1);
    expect(preview.gains).toEqual([]);
  });

  it("previews and saves a new topic; renames and describes without moving papers", async () => {
    const draft = readTopicDraft((n) => ({ mode: "add", slug: "mixture-of-experts", name: "Mixture of experts", description: "Sparse experts", keywords: "mixture of experts\nmixture-of-experts, MoE", categories: "cs.LG" })[n]);
    expect(draft.keywords).toEqual(["mixture of experts", "mixture-of-experts", "moe"]);
    const preview = await previewTopicChange(db, draft);
    expect(preview.losses).toEqual([]);
    expect(preview.gains.map((p) => p.title)).toContain("Tutel: Adaptive Mixture-of-Experts at Scale");
    await saveTopicDraft(db, draft, operator, client);
    expect([...(await tagged("mixture-of-experts"))].sort()).toEqual(ids(preview.gains));
    await expect(previewTopicChange(db, draft)).rejects.toThrow(/exists already/);

    const rename = { ...draft, mode: "edit" as const, name: "Experts", description: "Routing tokens to experts" };
    const nothing = await previewTopicChange(db, rename);
    expect([nothing.gains, nothing.losses]).toEqual([[], []]);
    const r = await saveTopicDraft(db, rename, operator, client);
    expect([r.added, r.removed]).toEqual([0, 0]);
    expect((await topicsInOrder(db)).find((t) => t.slug === "mixture-of-experts")).toMatchObject({ name: "Experts", description: "Routing tokens to experts" });
    expect((await listAudit(db)).map((e) => e.action)).toEqual(["changed topic", "added topic"]);
    expect((await listAudit(db))[0]!.detail).toMatch(/renamed from "Mixture of experts"; description changed; re-tagged/);
  });

  it("retires a topic: no longer offered at sign-up, tags no paper, readers keep it; offering it again re-tags", async () => {
    const before = await tagged("speech-audio");
    const topic = await db.topic.findUniqueOrThrow({ where: { slug: "speech-audio" }, select: { id: true } });
    const reader = await db.subscriber.create({ data: { email: "r@example.test", status: "ACTIVE", topics: { create: [{ topicId: topic.id }] } }, select: { id: true } });
    expect(await setTopicOffered(db, "speech-audio", false, operator, client)).toEqual({ found: true, changed: true });
    expect((await activeTopics(db)).map((t) => t.slug)).not.toContain("speech-audio");
    expect((await tagged("speech-audio")).size).toBe(0);
    expect(await db.paper.count({ where: { topics: { none: {} } } })).toBe(0);
    expect(await db.subscriberTopic.count({ where: { subscriberId: reader.id } })).toBe(1);
    expect(await setTopicOffered(db, "speech-audio", false, operator, client)).toEqual({ found: true, changed: false });
    // A retired topic's preview moves nothing.
    expect((await previewTopicChange(db, await draftOf("speech-audio", { keywords: ["protein"] }))).gains).toEqual([]);
    expect(await setTopicOffered(db, "speech-audio", true, operator, client)).toEqual({ found: true, changed: true });
    expect(await tagged("speech-audio")).toEqual(before);
    expect((await listAudit(db)).map((e) => e.action)).toEqual(["offered topic again", "retired topic", "retired topic"]);
    expect(await setTopicOffered(db, "no-such-topic", false, operator, client)).toEqual({ found: false, changed: false });
  });
});

describe("topic order and forms", () => {
  it("moves a topic up and down, renumbering the list; the ends stay put; audited", async () => {
    const order = async () => (await topicsInOrder(db)).map((t) => t.slug);
    const start = await order();
    expect(await moveTopic(db, start[2]!, "up", operator, client)).toEqual({ found: true, moved: true });
    expect(await order()).toEqual([start[0], start[2], start[1], ...start.slice(3)]);
    expect(await moveTopic(db, start[2]!, "down", operator, client)).toEqual({ found: true, moved: true });
    expect(await order()).toEqual(start);
    expect(await moveTopic(db, start[0]!, "up", operator, client)).toEqual({ found: true, moved: false });
    expect(await moveTopic(db, start.at(-1)!, "down", operator, client)).toEqual({ found: true, moved: false });
    expect(await order()).toEqual(start);
    expect((await db.topic.findMany({ orderBy: { position: "asc" }, select: { position: true } })).map((t) => t.position)).toEqual(start.map((_, i) => i));
    expect(await moveTopic(db, "no-such-topic", "up", operator, client)).toEqual({ found: false, moved: false });
    expect((await listAudit(db)).map((e) => e.action)).toEqual(["moved topic down", "moved topic up", "moved topic down", "moved topic up"]);
  });

  it("refuses a malformed topic form with a message that says what is wrong", () => {
    const form = (over: Record<string, string>) => (n: string) => ({ mode: "add", slug: "ok-topic", name: "OK", description: "", keywords: "a", categories: "cs.CL", ...over })[n];
    const problem = (over: Record<string, string>) => {
      try {
        readTopicDraft(form(over));
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).field;
      }
    };
    expect(problem({})).toBeNull();
    expect(problem({ slug: "Bad Slug" })).toBe("slug");
    expect(problem({ slug: "preview" })).toBe("slug");
    expect(problem({ name: "" })).toBe("name");
    expect(problem({ name: "two\nlines" })).toBe("name");
    expect(problem({ keywords: " , " })).toBe("keywords");
    expect(problem({ keywords: "x".repeat(81) })).toBe("keywords");
    expect(problem({ categories: "cs.CL; DROP" })).toBe("categories");
    expect(problem({ description: "bell\u0007" })).toBe("description");
    expect(problem({ description: "two\nlines are fine" })).toBeNull();
  });
});

describe("ingest runs", () => {
  it("records each run with what it fetched and what became of it", async () => {
    const first = await runIngest({ source: "file", date: "2025-03-14" }, { db });
    await runIngest({ source: "file", date: "2025-03-14" }, { db });
    const [second, one] = await listIngestRuns(db);
    expect(one).toMatchObject({ source: "file", listDate: "2025-03-14", trigger: "command line", status: "SUCCEEDED", new: first.new, unchanged: 0, skipped: first.skipped.length });
    expect(one!.fetched).toBe(first.new + first.updated + first.unchanged + first.skipped.length);
    expect(one!.finishedAt!.getTime()).toBeGreaterThanOrEqual(one!.startedAt.getTime());
    expect(second).toMatchObject({ status: "SUCCEEDED", new: 0, unchanged: first.new, fetched: one!.fetched });
  });

  it("records why items were skipped", async () => {
    const items = [{ paper: { id: "2503.00001", title: "", summary: "no title" } }, { paper: { id: "2503.00002", title: "A title", summary: "An abstract", authors: [] } }];
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const dir = await mkdtemp("/tmp/paperboy-ingest-");
    await writeFile(`${dir}/hf.json`, JSON.stringify(items));
    const s = await runIngest({ source: "file" }, { db, file: `${dir}/hf.json`, arxivFile: `${dir}/none.xml` });
    const [run] = await listIngestRuns(db);
    expect(run).toMatchObject({ fetched: 2, skipped: s.skipped.length });
    expect(s.skipped.length).toBeGreaterThan(0);
    expect(run!.skippedWhy).toEqual(s.skipped.map((k) => ({ id: k.id ?? null, reason: k.reason })));
  });

  it("records a run that fails, with its error, and the error still reaches the caller", async () => {
    await expect(runIngest({ source: "file" }, { db, file: "/nonexistent/papers.json" })).rejects.toThrow();
    const [run] = await listIngestRuns(db);
    expect(run).toMatchObject({ status: "FAILED", fetched: 0 });
    expect(run!.error).toMatch(/nonexistent|ENOENT/);
  });
});

describe("ingest now", () => {
  it("queues one job however often it is asked while one waits; the worker records it as the operator's run", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => requestIngestNow(db, operator, client)));
    expect(answers).toContain(true);
    expect(await requestIngestNow(db, operator, client)).toBe(false);
    const waiting = await queue(QUEUE.ingest).getJobs(["waiting"]);
    expect(waiting.map((j) => [j.id, j.name, j.data])).toEqual([["ingest-now-file", "ingest", { source: "file", trigger: "operator" }]]);
    expect(await ingestOverview(db)).toMatchObject({ queued: 1, running: 0, source: { source: "file" } });
    const audit = await listAudit(db);
    expect(audit).toHaveLength(4);
    expect(audit.filter((e) => e.detail === "queued").length).toBe(answers.filter(Boolean).length);
    expect(audit[0]).toMatchObject({ action: "asked for an ingest now", detail: "not queued: an ingest was already waiting or running" });

    const fingerprints = { get: async () => null, set: async () => undefined };
    worker = createWorker(QUEUE.ingest, (job, { log }) => processIngestJob(job, { db, log, fingerprints }), { concurrency: 1 });
    const counts = await waitForQueueIdle(queue(QUEUE.ingest));
    expect(counts).toMatchObject({ completed: 1, failed: 0 });
    const runs = await listIngestRuns(db);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: "operator", status: "SUCCEEDED", source: "file" });

    // Once it finished, the next click queues a new run under the same id.
    expect(await requestIngestNow(db, operator, client)).toBe(true);
    await waitUntil(async () => (await listIngestRuns(db)).filter((r) => r.status === "SUCCEEDED").length === 2, 60_000, "the second operator run");
    expect(await waitForQueueIdle(queue(QUEUE.ingest))).toMatchObject({ completed: 1, failed: 0 });
  });
});
