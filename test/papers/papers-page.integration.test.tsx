// /papers and <TopPapers/> rendered from the real database: LaTeX readable, HTML from papers escaped (never
// rendered), only http(s) links, topic and date filters through query parameters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { ingestPapers } from "@/lib/papers/ingest";
import { disconnectDb } from "@/lib/db";
import { listTrendingPapers } from "@/lib/papers/list-papers";
import PapersPage from "@/app/papers/page";
import { TopPapersContent } from "@/app/components/top-papers";

const db = testDb();

async function render(params: Record<string, string | string[]>): Promise<string> {
  return renderToStaticMarkup(await PapersPage({ searchParams: Promise.resolve(params) }));
}

beforeAll(async () => {
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  const hostile = {
    paper: {
      id: "2503.99999",
      title: "H$_2$O-Attack: <script>alert(1)</script> a $100\\times$ faster speculative decoding",
      summary: "We break a framework called <projektor> with <img src=x onerror=alert(1)> and speculative decoding in 30\\% less time.",
      authors: [{ name: "Eve <b>Evil</b>" }],
      publishedAt: "2025-03-13T10:00:00.000Z",
      submittedOnDailyAt: "2025-03-14T03:00:00.000Z",
      upvotes: 500,
      githubRepo: "javascript:alert(1)",
      githubStars: 10,
      projectPage: "https://example.org/p?a=1&b=<x>",
      ai_keywords: ["speculative decoding"],
    },
    numComments: 0,
  };
  await ingestPapers({ db, source: { name: "hf", async *pages() { yield { page: 1, items: [hostile] }; } } });
});
afterAll(async () => {
  await disconnectDb();
  await closeTestDb();
});

describe("/papers", () => {
  it("shows the latest day by default, ranked, with links to arXiv, PDF, Hugging Face and code", async () => {
    const html = await render({});
    expect(html).toContain("Trending papers · 2025-03-14");
    expect(html).toContain("65 papers");
    expect(html).toContain('href="https://arxiv.org/abs/2503.99999"');
    expect(html).toContain('href="https://arxiv.org/pdf/2503.99999"');
    expect(html).toContain('href="https://huggingface.co/papers/2503.99999"');
    const top = await db.paper.findMany({ where: { dailyDate: new Date("2025-03-14"), githubRepo: { startsWith: "https://" } }, orderBy: { trendingScore: "desc" }, take: 1 });
    expect(html).toContain(`href="${top[0]!.githubRepo}"`);
    // ranked by trending score: the 500-upvote paper first
    expect(html.indexOf("paper-2503.99999")).toBeLessThan(html.indexOf('class="paper" id="paper-', html.indexOf("paper-2503.99999") + 1));
  });

  it("turns LaTeX into readable text and escapes any HTML from papers", async () => {
    const html = await render({ date: "2025-03-14" });
    expect(html).toContain("H₂O-Attack: &lt;script&gt;alert(1)&lt;/script&gt; a 100× faster speculative decoding");
    expect(html).toContain("a framework called &lt;projektor&gt; with &lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("in 30% less time");
    expect(html).toContain("Eve &lt;b&gt;Evil&lt;/b&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('href="https://example.org/p?a=1&amp;b=%3Cx%3E"');
    // the seed's own LaTeX title
    const h2o = await render({ date: "2025-03-14", topic: "llm-inference" });
    expect(h2o).toContain("H₂O: Heavy-Hitter Oracle");
    expect(h2o).not.toContain("H$_2$O");
  });

  it("filters by topic and date with query parameters, and shows why each topic was given", async () => {
    const html = await render({ topic: "speech-audio", date: "2025-03-13" });
    expect(html).toContain("Trending papers · 2025-03-13");
    expect(html).toContain("in Speech and audio");
    const ids = [...html.matchAll(/class="paper" id="paper-([^"]+)"/g)].map((m) => m[1]);
    const expected = await db.paper.findMany({
      where: { dailyDate: new Date("2025-03-13"), topics: { some: { topic: { slug: "speech-audio" } } } },
      select: { id: true },
    });
    expect(ids.sort()).toEqual(expected.map((p) => p.id).sort());
    expect(ids.length).toBeGreaterThan(0);
    expect(html).toMatch(/title="mentions “[^"]+”/);
    expect(html).toContain('<option value="speech-audio" selected="">');
    expect(html).toMatch(/<form class="papers-filter" (action="\/papers" method="get"|method="get" action="\/papers")>/);
  });

  it("ignores malformed parameters and says so for an unknown topic", async () => {
    const html = await render({ topic: "<script>", date: "yesterday" });
    expect(html).toContain("Trending papers · 2025-03-14");
    expect(html).toContain("No topic “&lt;script&gt;”: showing all topics.");
    const empty = await render({ date: "2024-01-01" });
    expect(empty).toContain("No papers on 2024-01-01.");
  });
});

describe("listTrendingPapers", () => {
  it("ranks a week of papers by trending score (for weekly digests), optionally in one topic", async () => {
    const week = await listTrendingPapers(db, { date: "2025-03-14", days: 7, limit: 200 });
    expect(week.papers).toHaveLength(137);
    const scores = week.papers.map((p) => p.trendingScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const day = await listTrendingPapers(db, { date: "2025-03-13", days: 1, limit: 200 });
    expect(day.papers).toHaveLength(40);
    const topic = await listTrendingPapers(db, { date: "2025-03-14", days: 7, topic: "quantization", limit: 200 });
    expect(topic.papers.length).toBeGreaterThan(3);
    expect(topic.papers.every((p) => p.topics.some((t) => t.slug === "quantization"))).toBe(true);
  });
});

describe("<TopPapers />", () => {
  it("renders the top few papers of the latest day, escaped, with a link to /papers", async () => {
    const el = await TopPapersContent({ limit: 3 });
    const html = renderToStaticMarkup(el!);
    expect([...html.matchAll(/class="paper" id="paper-/g)]).toHaveLength(3);
    expect(html).toContain("paper-2503.99999");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain('href="/papers?date=2025-03-14"');
  });
});
