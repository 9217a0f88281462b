// /papers: the trending papers of a Daily Papers day, like the seed page, filterable by topic and date with plain
// query parameters (?topic=llm-inference&date=2025-03-14&page=2) and a GET form, so it works without JavaScript.
// Served from the cache (app/cached/papers/...): one page of PAPERS_PAGE_SIZE papers per day, topic and page number,
// abstracts folded behind "more".
import { db } from "@/lib/db";
import { listDailyDates, listTopicOptions, listTrendingPapers } from "@/lib/papers/list-papers";
import { PAPERS_PAGE_SIZE, papersHref, type PapersQuery } from "@/lib/papers/papers-url";
import { PaperCard } from "@/app/components/paper-card";
import "./papers.css";

export async function PapersView({ query }: { query: PapersQuery }) {
  const d = db();
  const [topics, dates] = await Promise.all([listTopicOptions(d), listDailyDates(d)]);
  const topic = topics.find((t) => t.slug === query.topic);
  const { date: shown, papers, total } = await listTrendingPapers(d, {
    date: query.date ?? undefined,
    topic: topic?.slug,
    limit: PAPERS_PAGE_SIZE,
    offset: (query.page - 1) * PAPERS_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(total / PAPERS_PAGE_SIZE));
  const here = { date: query.date, topic: topic?.slug ?? null };
  const first = (query.page - 1) * PAPERS_PAGE_SIZE + 1;

  return (
    <main className="papers-page">
      <p>
        <a href="/">← Paperboy</a>
      </p>
      <h1>Trending papers{shown ? ` · ${shown}` : ""}</h1>
      <p>
        Papers the research community upvoted on Hugging Face Daily Papers{topic ? `, in ${topic.name}` : ""}, ranked by
        upvotes, how fast they are coming in, age and code.
      </p>

      <form className="papers-filter card" method="get" action="/papers">
        <div className="field">
          <label htmlFor="filter-topic">Topic</label>
          <select id="filter-topic" name="topic" defaultValue={topic?.slug ?? ""}>
            <option value="">All topics</option>
            {topics.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-date">Date</label>
          <select id="filter-date" name="date" defaultValue={shown ?? ""}>
            {dates.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>

      {dates.length > 1 && (
        <nav aria-label="Days">
          <ul className="papers-dates">
            {dates.map((x) => (
              <li key={x}>
                <a href={papersHref({ date: x, topic: topic?.slug })} aria-current={x === shown ? "page" : undefined}>
                  {x}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {query.topic && !topic && <p role="status">No topic “{query.topic}”: showing all topics.</p>}
      {papers.length === 0 ? (
        <p role="status">
          {total > 0
            ? `There is no page ${query.page}: the list has ${pages} page${pages === 1 ? "" : "s"}.`
            : shown
              ? `No papers${topic ? ` in ${topic.name}` : ""} on ${shown}.`
              : "No papers yet. Run `npm run ingest -- --from-file` to load the recorded sample."}
        </p>
      ) : (
        <section aria-label="Papers">
          <p className="paper-count">
            {total} papers{pages > 1 ? ` · ${first}–${first + papers.length - 1} shown` : ""}
          </p>
          {papers.map((p) => (
            <PaperCard key={p.id} paper={p} abstract="fold" />
          ))}
        </section>
      )}

      {pages > 1 && (
        <nav aria-label="Pages" className="pagination">
          {query.page > 1 ? <a href={papersHref({ ...here, page: query.page - 1 })} rel="prev">← Previous</a> : <span />}
          <span>
            Page {Math.min(query.page, pages)} of {pages}
          </span>
          {query.page < pages ? <a href={papersHref({ ...here, page: query.page + 1 })} rel="next">Next →</a> : <span />}
        </nav>
      )}
    </main>
  );
}
