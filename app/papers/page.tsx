// /papers: the trending papers of a Daily Papers day, ten to a page, filterable by topic and day with plain query
// parameters (?topic=llm-inference&date=2025-03-14&page=2) and a GET form, so it works without JavaScript.
// Long abstracts fold behind "More" (<details>). Rendered per request (force-dynamic): `next build` runs without a
// database. A malformed parameter is answered 400 by proxy.ts. An unknown topic or a page past the last gets this
// page with a notice and a link to page 1, status 200: notFound() answers 404 here, but Next.js 16 sends its
// not-found page for a dynamic page only in the script payload, so a reader without JavaScript sees a blank page.
import type { Metadata } from "next";
import { db } from "@/lib/db";
import { listDailyDates, listPapersPage, listTopicOptions } from "@/lib/papers/list-papers";
import { papersHref, readPapersQuery } from "@/lib/papers/papers-query";
import { PaperCard } from "@/app/components/paper-card";
import "./papers.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Trending papers · Paperboy",
  alternates: { types: { "application/atom+xml": [{ url: "/feeds/papers", title: "Paperboy: trending papers" }] } },
};

type SearchParams = Record<string, string | string[] | undefined>;

/** What is wrong with the address, and the way to the first page. */
function NoSuchPage({ problem }: { problem: string }) {
  return (
    <main className="papers-page">
      <div className="card" role="status">
        <h1>No such page of papers</h1>
        <p>{problem}</p>
        <p>
          <a href="/papers">Go to the first page of trending papers</a>
        </p>
      </div>
    </main>
  );
}

export default async function PapersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const read = readPapersQuery(await searchParams);
  // proxy.ts answers these with 400 before the page runs; this covers a render without it.
  if ("problem" in read) return <NoSuchPage problem={read.problem} />;
  const { query } = read;

  const d = db();
  const [topics, dates] = await Promise.all([listTopicOptions(d), listDailyDates(d)]);
  const topic = topics.find((t) => t.slug === query.topic);
  if (query.topic && !topic) return <NoSuchPage problem={`There is no topic “${query.topic}”.`} />;
  const { date: shown, total, pageCount, papers } = await listPapersPage(d, { date: query.date, topic: topic?.slug, page: query.page });
  if (query.page > pageCount) {
    const what = `${shown ? ` on ${shown}` : ""}${topic ? ` in ${topic.name}` : ""}`;
    return <NoSuchPage problem={`There is no page ${query.page}: the papers${what} fill ${pageCount === 1 ? "one page" : `${pageCount} pages`}.`} />;
  }
  const page = query.page;
  const href = (q: { date?: string | null; page?: number }) => papersHref({ topic: topic?.slug, date: shown, ...q });
  const first = (page - 1) * 10 + 1;

  return (
    <main className="papers-page">
      <h1>Trending papers{shown ? ` · ${shown}` : ""}</h1>
      <p className="lede">
        Papers the research community upvoted on Hugging Face Daily Papers{topic ? `, in ${topic.name}` : ""}, ranked by
        upvotes, how fast they are coming in, age and code.{" "}
        <a href={topic ? `/feeds/topics/${topic.slug}` : "/feeds/papers"} type="application/atom+xml">
          Follow {topic ? `${topic.name} ` : "them "}in a feed reader (Atom)
        </a>
        .
      </p>

      <form className="papers-filter card" method="get" action="/papers" aria-label="Filter papers">
        <div className="field">
          <label htmlFor="papers-topic">Topic</label>
          <select id="papers-topic" name="topic" defaultValue={topic?.slug ?? ""}>
            <option value="">All topics</option>
            {topics.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="papers-date">Day</label>
          <select id="papers-date" name="date" defaultValue={shown ?? ""}>
            {dates.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show papers</button>
      </form>

      {dates.length > 1 && (
        <nav aria-label="Days">
          <ul className="papers-dates">
            {dates.map((x) => (
              <li key={x}>
                <a href={href({ date: x, page: 1 })} aria-current={x === shown ? "page" : undefined}>
                  {x}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {papers.length === 0 ? (
        <p role="status">
          {shown ? `No papers${topic ? ` in ${topic.name}` : ""} on ${shown}.` : "No papers yet. Run `npm run ingest -- --from-file` to load the recorded sample."}
        </p>
      ) : (
        <section aria-label="Papers">
          <p className="paper-count">
            {pageCount > 1 ? `Papers ${first}–${first + papers.length - 1} of ${total}` : `${total} paper${total === 1 ? "" : "s"}`}
            {pageCount > 1 ? ` · page ${page} of ${pageCount}` : ""}
          </p>
          {papers.map((p) => (
            <PaperCard key={p.id} paper={p} abstract="folded" />
          ))}
        </section>
      )}

      {pageCount > 1 && (
        <nav aria-label="Pages of papers" className="pager">
          <ul>
            {page > 1 && (
              <li>
                <a href={href({ page: page - 1 })} rel="prev">
                  ← Previous<span className="visually-hidden"> page</span>
                </a>
              </li>
            )}
            {Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
              <li key={n}>
                <a href={href({ page: n })} aria-current={n === page ? "page" : undefined}>
                  <span className="visually-hidden">Page </span>
                  {n}
                </a>
              </li>
            ))}
            {page < pageCount && (
              <li>
                <a href={href({ page: page + 1 })} rel="next">
                  Next<span className="visually-hidden"> page</span> →
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </main>
  );
}
