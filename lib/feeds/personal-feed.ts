// A subscriber's own feed: the papers their digest would pick from the latest days, ranked and explained the
// same way (lib/digest/next-papers-for-reader.ts), so a reader who prefers a feed reader to mail loses nothing.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { nextPapersForReader } from "@/lib/digest/next-papers-for-reader";
import { feedEntry, type FeedDocument } from "@/lib/feeds/atom-feed";
import type { FeedReader } from "@/lib/feeds/feed-key";

export async function personalFeed(db: Db, reader: FeedReader, selfUrl: string): Promise<FeedDocument> {
  const next = await nextPapersForReader(db, reader);
  return {
    selfUrl,
    pageUrl: `${env().APP_URL}/papers`,
    title: "Paperboy: your papers",
    subtitle: "The papers your digest picks for you, best first, with the reason for each.",
    updated: next.date ? new Date(`${next.date}T00:00:00Z`) : new Date(0),
    entries: next.picks.map((p) => feedEntry(p.card, p.reason)),
  };
}
