// The personal feed's secret URL. Its token names Subscriber.feedKey, a random UUID: turning the feed on again
// draws a new key, so every older URL stops working at once; turning it off clears the key.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { links, verifyToken } from "@/lib/tokens/tokens";

export interface FeedReader {
  subscriberId: string;
  feedKey: string;
  frequency: "DAILY" | "WEEKLY";
  topicIds: number[];
}

/** A new secret URL (revoking the previous one, if any). */
export async function renewFeedKey(db: Db, subscriberId: string): Promise<string> {
  const feedKey = randomUUID();
  await db.subscriber.update({ where: { id: subscriberId }, data: { feedKey } });
  return links.personalFeed(feedKey);
}

export async function turnOffFeed(db: Db, subscriberId: string): Promise<void> {
  await db.subscriber.updateMany({ where: { id: subscriberId }, data: { feedKey: null } });
}

/** The current secret URL, or null while the feed is off. */
export async function personalFeedUrl(db: Db, subscriberId: string): Promise<string | null> {
  const row = await db.subscriber.findUnique({ where: { id: subscriberId }, select: { feedKey: true } });
  return row?.feedKey ? links.personalFeed(row.feedKey) : null;
}

/** Whose feed a URL token opens: only a genuine token of the current key of an active subscriber. */
export async function readerForFeedToken(db: Db, token: unknown): Promise<FeedReader | null> {
  const claims = verifyToken(typeof token === "string" ? token : null, "feed");
  if (!claims) return null;
  const s = await db.subscriber.findUnique({
    where: { feedKey: claims.subscriberId },
    select: { id: true, status: true, frequency: true, topics: { select: { topicId: true }, orderBy: { topicId: "asc" } } },
  });
  if (!s || s.status !== "ACTIVE") return null;
  return { subscriberId: s.id, feedKey: claims.subscriberId, frequency: s.frequency, topicIds: s.topics.map((t) => t.topicId) };
}
