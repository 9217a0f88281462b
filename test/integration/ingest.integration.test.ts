// Ingest against the real PostgreSQL: idempotence, bad items skipped and reported, snapshots, arXiv enrichment.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { createDb } from "@/lib/db";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest, formatSummary } from "@/lib/papers/run-ingest";
import { createHfClient } from "@/lib/papers/hf-client";
import { createArxivClient } from "@/lib/papers/arxiv-client";
import { ingestPapers } from "@/lib/papers/ingest";
import type { PaperSource } from "@/lib/papers/sources";
import { recordedHfItems, startPapersServer, type PapersServer } from "../helpers/papers-server";

let server: PapersServer;
const db = testDb();
beforeAll(async () => {
  server = await startPapersServer();
});
afterAll(async () => {
  await server.close();
  await closeTestDb();
});
beforeEach(async () => {
  await resetDb(db);
  await seedTopics(db);
  server.failAlways("/api/daily_papers", undefined);
  server.failAlways("/api/query", undefined);
});

// A generous request timeout: on a busy machine the local server can take seconds, and a timed-out attempt would
// replace the server's own answer (an HTTP 503) in what the test reads.
const fast = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 15_000, retries: 2, limiter: undefined };
const clients = () => ({
  hf: createHfClient({ baseUrl: server.url, policy: fast }),
  arxiv: createArxivClient({ baseUrl: server.url, policy: fast }),
});

/** Everything ingest writes, in a comparable form. */
async function state() {
  const [papers, snapshots, topics] = await Promise.all([
    db.paper.findMany({ orderBy: { id: "asc" } }),
    db.paperSnapshot.findMany({ orderBy: { id: "asc" } }),
    db.paperTopic.findMany({ orderBy: [{ paperId: "asc" }, { topicId: "asc" }] }),
  ]);
  return JSON.parse(JSON.stringify({ papers, snapshots, topics }, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
}

function listSource(items: unknown[], listDate?: string): PaperSource {
  return { name: "hf", async *pages() { yield { page: 1, items, listDate }; } };
}

describe("ingest", () => {
  it("lands the recorded file, and re-running it changes nothing", async () => {
    const pages: number[] = [];
    const first = await runIngest({ source: "file" }, { db, onPage: (p) => pages.push(p.items) });
    expect(first).toMatchObject({ pages: 3, new: 136, updated: 0, unchanged: 0, skipped: [], arxivErrors: [] });
    expect(pages).toEqual([50, 50, 36]);
    const before = await state();
    expect(before.papers).toHaveLength(136);
    expect(before.snapshots).toHaveLength(136);

    const second = await runIngest({ source: "file" }, { db });
    expect(second).toMatchObject({ new: 0, updated: 0, unchanged: 136, skipped: [] });
    expect(await state()).toEqual(before);
  });

  it("survives two workers ingesting the same file at the same moment", async () => {
    const other = createDb(process.env.DATABASE_URL);
    try {
      const [a, b] = await Promise.all([runIngest({ source: "file" }, { db }), runIngest({ source: "file" }, { db: other })]);
      expect(a.skipped).toEqual([]);
      expect(b.skipped).toEqual([]);
      expect(a.new + b.new).toBeGreaterThanOrEqual(136);
      expect(await db.paper.count()).toBe(136);
      expect(await db.paper.count({ where: { topics: { none: {} } } })).toBe(0);
      // A third run finds everything in place.
      expect(await runIngest({ source: "file" }, { db })).toMatchObject({ new: 0, updated: 0, unchanged: 136 });
    } finally {
      await other.$disconnect();
    }
  });

  it("gives every seed paper at least one topic with a reason, and arXiv categories and versions", async () => {
    await runIngest({ source: "file" }, { db });
    const papers = await db.paper.findMany({ select: { id: true, arxivCategories: true, arxivVersion: true, topics: { select: { reason: true } } } });
    expect(papers.filter((p) => p.topics.length === 0)).toEqual([]);
    expect(papers.every((p) => p.arxivCategories.length > 0 && (p.arxivVersion ?? 0) >= 1)).toBe(true);
    const h2o = await db.paper.findFirstOrThrow({ where: { title: { startsWith: "Hydragen" } }, select: { topics: { select: { reason: true, topic: { select: { slug: true } } } } } });
    expect(h2o.topics.find((t) => t.topic.slug === "llm-inference")?.reason).toMatch(/^matched '/);
  });

  it("filters the file by Daily Papers date", async () => {
    const s = await runIngest({ source: "file", date: "2025-03-13" }, { db });
    expect(s.new).toBe(40);
    const dates = await db.paper.groupBy({ by: ["dailyDate"], _count: true });
    expect(dates.map((d) => d.dailyDate?.toISOString().slice(0, 10))).toEqual(["2025-03-13"]);
  });

  it("ingests a day from the HF API with arXiv categories, skipping an item without a title and reporting it", async () => {
    server.failNext("/api/daily_papers", { kind: "no-title", index: 3 });
    const { hf, arxiv } = clients();
    const reports: string[] = [];
    const s = await runIngest({ source: "hf", date: "2025-03-12" }, { db, hf, arxiv, onPage: (p) => reports.push(`${p.page}:${p.new}/${p.skipped}`) });
    expect(s.new).toBe(31);
    expect(s.skipped).toHaveLength(1);
    expect(s.skipped[0]!.reason).toBe("missing title");
    expect(s.skipped[0]!.id).toMatch(/^2503\.\d{5}$/);
    expect(reports).toEqual(["1:31/1"]);
    expect(formatSummary(s)).toMatch(/31 new, 0 updated, 0 unchanged, 1 skipped \(2503\.\d{5}: missing title\)/);
    const p = await db.paper.findFirstOrThrow({ where: { dailyDate: new Date("2025-03-12") }, select: { source: true, arxivCategories: true } });
    expect(p.source).toBe("hf");
    expect(p.arxivCategories).toContain("cs.LG");
  });

  it("without a date (the scheduled run) fetches yesterday's and today's lists", async () => {
    const { hf, arxiv } = clients();
    const pages: number[] = [];
    const s = await runIngest({ source: "hf" }, { db, hf, arxiv, now: () => new Date("2025-03-14T12:00:00Z"), onPage: (p) => pages.push(p.page) });
    expect(s.new).toBe(40 + 64);
    expect(pages).toEqual([1, 2, 3]);
    const dates = await db.paper.groupBy({ by: ["dailyDate"], _count: true, orderBy: { dailyDate: "asc" } });
    expect(dates.map((d) => [d.dailyDate?.toISOString().slice(0, 10), d._count])).toEqual([["2025-03-13", 40], ["2025-03-14", 64]]);
  });

  it("skips items that are not papers and reports why, landing the rest", async () => {
    const good = recordedHfItems().slice(0, 2);
    const s = await ingestPapers({
      db,
      source: listSource([good[0], { paper: { id: "not-an-id", title: "x", summary: "y" } }, { nope: true }, good[1], good[0]]),
    });
    expect(s.new).toBe(2);
    expect(s.skipped.map((k) => k.reason)).toEqual([
      'not an arXiv id: "not-an-id"',
      "invalid item: paper has no paper object",
      "duplicate of an earlier item",
    ]);
  });

  it("goes on without categories when arXiv is down, and says so", async () => {
    server.failAlways("/api/query", { kind: "status", status: 503 });
    const { hf, arxiv } = clients();
    const s = await runIngest({ source: "hf", date: "2025-03-12" }, { db, hf, arxiv });
    expect(s.new).toBe(32);
    expect(s.arxivErrors[0]).toMatch(/HTTP 503/);
    expect(await db.paper.count({ where: { arxivCategories: { isEmpty: false } } })).toBe(0);
    // The next run, with arXiv back, fills the categories in.
    server.failAlways("/api/query", undefined);
    const again = await runIngest({ source: "hf", date: "2025-03-12" }, { db, hf, arxiv });
    expect(again).toMatchObject({ new: 0, updated: 32 });
    expect(await db.paper.count({ where: { arxivCategories: { isEmpty: true } } })).toBe(0);
  });

  it("records upvote history as snapshots and updates the trending score", async () => {
    const item = recordedHfItems()[0] as { paper: { id: string; upvotes: number } };
    const id = item.paper.id;
    let clock = new Date("2025-03-14T08:00:00Z");
    await ingestPapers({ db, source: listSource([item]), now: () => clock });
    const first = await db.paper.findUniqueOrThrow({ where: { id } });

    clock = new Date("2025-03-14T10:00:00Z");
    const more = structuredClone(item);
    more.paper.upvotes += 20;
    const s = await ingestPapers({ db, source: listSource([more]), now: () => clock });
    expect(s.updated).toBe(1);
    const snaps = await db.paperSnapshot.findMany({ where: { paperId: id }, orderBy: { takenAt: "asc" } });
    expect(snaps.map((x) => x.upvotes)).toEqual([item.paper.upvotes, item.paper.upvotes + 20]);
    const second = await db.paper.findUniqueOrThrow({ where: { id } });
    // 20 more upvotes plus 10 upvotes/hour of velocity (x6)
    expect(second.trendingScore).toBeGreaterThan(first.trendingScore + 20 / 2);

    // Same numbers again: no snapshot, nothing written.
    clock = new Date("2025-03-14T12:00:00Z");
    const s3 = await ingestPapers({ db, source: listSource([more]), now: () => clock });
    expect(s3.unchanged).toBe(1);
    expect(await db.paperSnapshot.count({ where: { paperId: id } })).toBe(2);
    expect((await db.paper.findUniqueOrThrow({ where: { id } })).updatedAt).toEqual(second.updatedAt);
  });

  it("adds arXiv-only papers without overwriting what Hugging Face said", async () => {
    await runIngest({ source: "file", date: "2025-03-14" }, { db });
    const hfPaper = await db.paper.findFirstOrThrow({ where: { source: "file" }, orderBy: { upvotes: "desc" } });
    const { arxiv } = clients();
    const s = await runIngest({ source: "arxiv" }, { db, arxiv });
    expect(s.new + s.updated + s.unchanged).toBeGreaterThan(0);
    const after = await db.paper.findUniqueOrThrow({ where: { id: hfPaper.id } });
    expect(after.upvotes).toBe(hfPaper.upvotes);
    expect(after.source).toBe("file");
    const arxivOnly = await db.paper.findMany({ where: { source: "arxiv" }, select: { dailyDate: true, upvotes: true, topics: { select: { topicId: true } } } });
    expect(arxivOnly.length).toBe(s.new);
    expect(arxivOnly.every((p) => p.dailyDate === null && p.upvotes === 0 && p.topics.length > 0)).toBe(true);
  });

  it("runs from the command line with progress lines and a summary (`npm run ingest -- --from-file`)", () => {
    const run = () =>
      spawnSync("node_modules/.bin/tsx", ["scripts/ingest.ts", "--from-file"], { encoding: "utf8", env: { ...process.env }, timeout: 90_000 });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("ingest: file data/recorded/hf-daily-papers.json");
    expect(first.stdout).toMatch(/page 1: 50 items, 50 new, 0 updated, 0 unchanged, 0 skipped/);
    expect(first.stdout).toMatch(/ingest done in .* 3 page\(s\): 136 new, 0 updated, 0 unchanged, 0 skipped/);
    const second = run();
    expect(second.stdout).toMatch(/0 new, 0 updated, 136 unchanged, 0 skipped/);
    const bad = spawnSync("node_modules/.bin/tsx", ["scripts/ingest.ts", "--date", "14-03-2025"], { encoding: "utf8", env: { ...process.env } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/ingest failed: bad arguments: date/);
  }, 180_000); // three tsx start-ups; slow when the machine is busy
});
