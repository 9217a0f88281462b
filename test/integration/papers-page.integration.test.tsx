// /papers and <TopPapers/> rendered from the real database: LaTeX readable, HTML from papers escaped (never
// rendered), only http(s) links, topic and date filters through query parameters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { ingestPapers } from "@/lib/papers/ingest";
import { disconnectDb } from "@/lib/db";
import { listPapersPage, listTrendingPapers } from "@/lib/papers/list-papers";
import { readableText } from "@/lib/papers/readable-text";
import PapersPage from "@/app/papers/page";
import { TopPapersContent } from "@/app/components/top-papers";

const db = testDb();

async function render(params: Record<string, string | string[]>): Promise<string> {
  return renderToStaticMarkup(await PapersPage({ searchParams: Promise.resolve(params) }));
}

/** Every page of a filtered list, following the page links from page 1. */
async function renderAllPages(params: Record<string, string>): Promise<string[]> {
  const pages = [await render(params)];
  for (let n = 2; pages[pages.length - 1]!.includes('rel="next"'); n++) pages.push(await render({ ...params, page: String(n) }));
  return pages;
}

const paperIds = (html: string) => [...html.matchAll(/class="paper" id="paper-([^"]+)"/g)].map((m) => m[1]!);


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
    expect(html).toContain("Papers 1–10 of 65 · page 1 of 7");
    expect(paperIds(html)).toHaveLength(10);
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
    const h2o = (await renderAllPages({ date: "2025-03-14", topic: "llm-inference" })).join("");
    expect(h2o).toContain("H₂O: Heavy-Hitter Oracle");
    expect(h2o).not.toContain("H$_2$O");
  });

  it("filters by topic and date with query parameters, and shows why each topic was given", async () => {
    const pages = await renderAllPages({ topic: "speech-audio", date: "2025-03-13" });
    const html = pages[0]!;
    expect(html).toContain("Trending papers · 2025-03-13");
    expect(html).toContain("in Speech and audio");
    const ids = pages.flatMap(paperIds);
    const expected = await db.paper.findMany({
      where: { dailyDate: new Date("2025-03-13"), topics: { some: { topic: { slug: "speech-audio" } } } },
      select: { id: true },
    });
    expect(ids.sort()).toEqual(expected.map((p) => p.id).sort());
    expect(ids.length).toBeGreaterThan(0);
    expect(html).toMatch(/title="mentions “[^"]+”/);
    expect(html).toContain('<option value="speech-audio" selected="">');
    expect(html).toContain(`<form class="papers-filter card" aria-label="Filter papers" action="/papers" method="get">`);
  });

  it("pages ten at a time, with numbered, previous and next links that keep the filters", async () => {
    const pages = await renderAllPages({ date: "2025-03-14" });
    expect(pages).toHaveLength(7);
    const ids = pages.flatMap(paperIds);
    const expected = await db.paper.findMany({
      where: { dailyDate: new Date("2025-03-14") }, orderBy: [{ trendingScore: "desc" }, { upvotes: "desc" }, { id: "asc" }], select: { id: true },
    });
    expect(ids).toEqual(expected.map((p) => p.id));
    const third = pages[2]!;
    expect(third).toContain('<nav aria-label="Pages of papers"');
    expect(third).toContain('<a href="/papers?date=2025-03-14&amp;page=3" aria-current="page">');
    expect(third).toContain('<a href="/papers?date=2025-03-14&amp;page=2" rel="prev">');
    expect(third).toContain('<a href="/papers?date=2025-03-14&amp;page=4" rel="next">');
    expect(third).toContain('<a href="/papers?date=2025-03-14">');
    expect(pages[0]).not.toContain('rel="prev"');
    const topic = await render({ topic: "llm-inference", date: "2025-03-14", page: "2" });
    expect(topic).toContain('href="/papers?topic=llm-inference&amp;date=2025-03-14"');
  });

  it("keeps each page's HTML under 100 KB, folding long abstracts behind More with the full text there", async () => {
    for (const html of await renderAllPages({ date: "2025-03-14" })) expect(Buffer.byteLength(html)).toBeLessThan(100_000);
    const html = await render({});
    expect(html).toContain("<details");
    expect(html).toContain("<summary>More");
    const shown = await db.paper.findMany({ where: { id: { in: paperIds(html) } } });
    const long = shown.reduce((a, b) => (b.summary.length > a.summary.length ? b : a));
    expect(long.summary.length).toBeGreaterThan(1000);
    const card = html.slice(html.indexOf(`id="paper-${long.id}"`));
    const folded = card.slice(0, card.indexOf("</article>"));
    expect(folded).toContain("<summary>More");
    const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
    const lastWords = readableText(long.summary).split(/\s+/).slice(-3).join(" ");
    expect(folded.slice(folded.indexOf("<details"))).toContain(escape(lastWords));
  });

  it("says what is wrong with a bad address and links to the first page, and a day without papers gets a notice", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ topic: "no-such-topic" }, "There is no topic “no-such-topic”."],
      [{ page: "8" }, "There is no page 8: the papers on 2025-03-14 fill 7 pages."],
      [{ page: "0" }, "“0” is not a page number: pages are numbered from 1."],
      [{ page: "abc" }, "“abc” is not a page number"],
      [{ date: "yesterday" }, "“yesterday” is not a day: days are written like 2025-03-14."],
      [{ date: "2025-02-30" }, "“2025-02-30” is not a day"],
      [{ topic: "<script>" }, "There is no topic “&lt;script&gt;”."],
    ];
    for (const [params, message] of cases) {
      const html = await render(params);
      expect(html, JSON.stringify(params)).toContain(message);
      expect(html).toContain('<a href="/papers">Go to the first page of trending papers</a>');
      expect(html).not.toContain('class="paper"');
    }
    expect(await render({ page: "7" })).toContain("Papers 61–65 of 65 · page 7 of 7");
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

describe("listPapersPage", () => {
  it("returns the total, the page count and one page of rows in a total order", async () => {
    const all = await listTrendingPapers(db, { date: "2025-03-13", limit: 200 });
    expect(all.papers).toHaveLength(40);
    const pages = [];
    for (let page = 1; page <= 4; page++) pages.push(await listPapersPage(db, { date: "2025-03-13", page }));
    expect(pages.map((p) => [p.total, p.pageCount, p.papers.length])).toEqual(Array(4).fill([40, 4, 10]));
    const ids = pages.flatMap((p) => p.papers.map((x) => x.id));
    expect(ids).toEqual(all.papers.map((p) => p.id));
    expect((await listPapersPage(db, { date: "2025-03-13", page: 5 })).papers).toEqual([]);
  });

  it("breaks ties on the paper id, so a page is the same on every request", async () => {
    // Twelve papers alike in score and upvotes, at the top of the day, across pages 1 and 2: only the id orders them.
    const day = await db.paper.findMany({ where: { dailyDate: new Date("2025-03-12") }, select: { id: true }, orderBy: { id: "desc" }, take: 12 });
    await db.paper.updateMany({ where: { id: { in: day.map((p) => p.id) } }, data: { trendingScore: 1e6, upvotes: 1 } });
    const first = await listPapersPage(db, { date: "2025-03-12", page: 1 });
    const second = await listPapersPage(db, { date: "2025-03-12", page: 2 });
    const tied = [...first.papers, ...second.papers].filter((p) => p.trendingScore === 1e6).map((p) => p.id);
    expect(tied).toEqual(day.map((p) => p.id).reverse());
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
