// The most upvoted papers of the latest Daily Papers day, for the landing page. The heading says the order, and the
// list is in it: upvotes, which every card shows, so a reader can check. If the database is unreachable it renders
// nothing rather than taking the signup form down with it.
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { listTrendingPapers, type PaperCard as Paper } from "@/lib/papers/list-papers";
import { PaperCard } from "@/app/components/paper-card";

export interface TopPapersProps {
  limit?: number;
  topic?: string;
}

type TopPapersResult = { date: string | null; papers: Paper[] };
export type TopPapersLoader = (props: TopPapersProps) => Promise<TopPapersResult>;

const fromDatabase: TopPapersLoader = ({ limit = 5, topic }) => listTrendingPapers(db(), { limit, topic, order: "upvotes" });

/** Reads the papers (through `load`, e.g. a cached read) and renders them. */
export async function TopPapersContent({ limit = 5, topic, load = fromDatabase }: TopPapersProps & { load?: TopPapersLoader }) {
  let result: TopPapersResult;
  try {
    result = await load({ limit, topic });
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

export default TopPapersContent;
