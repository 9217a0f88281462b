// The public Atom feeds: today's trending papers overall and per topic, the same lists the papers page shows.
import type { Db } from "@/lib/db";
import { listTrendingPapers, TOPIC_PARAM } from "@/lib/papers/list-papers";
import { readerReason } from "@/lib/topics/reader-reason";
import { feedEntry, type FeedDocument } from "@/lib/feeds/atom-feed";

/** Papers in one feed: a day's list is a few dozen, and a feed reader only needs what is new since its last poll. */
export const FEED_SIZE = 50;

const dayStart = (date: string | null) => (date ? new Date(`${date}T00:00:00Z`) : new Date(0));

export async function allPapersFeed(db: Db, appUrl: string): Promise<FeedDocument> {
  const { date, papers } = await listTrendingPapers(db, { limit: FEED_SIZE });
  return {
    selfUrl: `${appUrl}/feeds/papers`,
    pageUrl: `${appUrl}/papers`,
    title: "Paperboy: trending papers",
    subtitle: "Today's trending research papers, best first.",
    updated: dayStart(date),
    entries: papers.map((p) => feedEntry(p, p.topics.length ? `In ${p.topics.map((t) => t.name).join(", ")}` : null)),
  };
}

/** Null when there is no such topic (or it was retired): the route answers 404. */
export async function topicFeed(db: Db, appUrl: string, slug: string): Promise<FeedDocument | null> {
  if (!TOPIC_PARAM.test(slug)) return null;
  const topic = await db.topic.findFirst({ where: { slug, active: true }, select: { slug: true, name: true } });
  if (!topic) return null;
  const { date, papers } = await listTrendingPapers(db, { topic: topic.slug, limit: FEED_SIZE });
  return {
    selfUrl: `${appUrl}/feeds/topics/${topic.slug}`,
    pageUrl: `${appUrl}/papers?topic=${topic.slug}`,
    title: `Paperboy: ${topic.name}`,
    subtitle: `Today's trending papers in ${topic.name}, best first.`,
    updated: dayStart(date),
    entries: papers.map((p) => {
      const stored = p.topics.find((t) => t.slug === topic.slug)?.reason;
      return feedEntry(p, stored ? readerReason(`${topic.name}: ${stored}`) : null);
    }),
  };
}
