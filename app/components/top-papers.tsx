// The most upvoted papers of the latest Daily Papers day, for the landing page: `<TopPapers limit={5} />`. The
// heading says the order, and the list is in it: upvotes, which every card shows, so a reader can check.
// A server component that reads the database at request time (connection() keeps the page it sits on from being
// prerendered at build, when there is no database). If the database is unreachable it renders nothing rather than
// taking the signup form down with it.
import { connection } from "next/server";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { listTrendingPapers, type PaperCard as Paper } from "@/lib/papers/list-papers";
import { PaperCard } from "@/app/components/paper-card";

export interface TopPapersProps {
  limit?: number;
  topic?: string;
}

export async function TopPapers(props: TopPapersProps) {
  await connection();
  return TopPapersContent(props);
}

/** The data and markup of TopPapers, without the request-time marker (tests render this directly). */
export async function TopPapersContent({ limit = 5, topic }: TopPapersProps) {
  let result: { date: string | null; papers: Paper[] };
  try {
    result = await listTrendingPapers(db(), { limit, topic, order: "upvotes" });
  } catch (err) {
    logger().error({ err: (err as Error).message }, "top papers: could not read papers");
    return null;
  }
  if (result.papers.length === 0) return null;
  return (
    <section className="top-papers" aria-labelledby="top-papers-heading">
      <h2 id="top-papers-heading">Today&apos;s most upvoted papers</h2>
      <p className="top-papers-order">
        The {result.papers.length} papers with the most upvotes on Hugging Face{result.date ? ` on ${result.date}` : ""}, most upvoted first.
      </p>
      {result.papers.map((p) => (
        <PaperCard key={p.id} paper={p} abstract="short" />
      ))}
      <p>
        <a href={`/papers${result.date ? `?date=${result.date}` : ""}`}>All trending papers →</a>
      </p>
    </section>
  );
}

export default TopPapers;
