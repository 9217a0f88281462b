// /papers: the trending papers of a Daily Papers day, like the seed page, filterable by topic and date with plain
// query parameters (?topic=llm-inference&date=2025-03-14) and a GET form, so it works without JavaScript.
// Rendered per request (force-dynamic): `next build` runs without a database.
import type { Metadata } from "next";
import { db } from "@/lib/db";
import {
  DATE_PARAM, TOPIC_PARAM, listDailyDates, listTopicOptions, listTrendingPapers,
} from "@/lib/papers/list-papers";
import { PaperCard } from "@/app/components/paper-card";
import "./papers.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trending papers · Paperboy" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function PapersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const rawDate = one(sp.date);
  const rawTopic = one(sp.topic);
  const date = rawDate && DATE_PARAM.test(rawDate) ? rawDate : undefined;
  const topicSlug = rawTopic && TOPIC_PARAM.test(rawTopic) ? rawTopic : undefined;

  const d = db();
  const [topics, dates] = await Promise.all([listTopicOptions(d), listDailyDates(d)]);
  const topic = topics.find((t) => t.slug === topicSlug);
  const { date: shown, papers } = await listTrendingPapers(d, { date, topic: topic?.slug, limit: 100 });
  const href = (q: { date?: string | null; topic?: string }) => {
    const p = new URLSearchParams();
    if (q.date) p.set("date", q.date);
    if (q.topic) p.set("topic", q.topic);
    const s = p.toString();
    return s ? `/papers?${s}` : "/papers";
  };

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

      <form className="papers-filter" method="get" action="/papers">
        <label>
          Topic
          <select name="topic" defaultValue={topic?.slug ?? ""}>
            <option value="">All topics</option>
            {topics.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Date
          <select name="date" defaultValue={shown ?? ""}>
            {dates.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>

      {dates.length > 1 && (
        <nav aria-label="Days">
          <ul className="papers-dates">
            {dates.map((x) => (
              <li key={x}>
                <a href={href({ date: x, topic: topic?.slug })} aria-current={x === shown ? "page" : undefined}>
                  {x}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {rawTopic && !topic && <p role="status">No topic “{rawTopic.slice(0, 60)}”: showing all topics.</p>}
      {papers.length === 0 ? (
        <p role="status">
          {shown ? `No papers${topic ? ` in ${topic.name}` : ""} on ${shown}.` : "No papers yet. Run `npm run ingest -- --from-file` to load the recorded sample."}
        </p>
      ) : (
        <section aria-label="Papers">
          <p className="paper-count">{papers.length} papers</p>
          {papers.map((p) => (
            <PaperCard key={p.id} paper={p} />
          ))}
        </section>
      )}
    </main>
  );
}
