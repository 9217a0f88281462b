// A subscriber's own feed: the papers their digest would pick from the latest days, ranked and explained the
// same way (lib/digest/select-papers.ts), so a reader who prefers a feed reader to mail loses nothing.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { addDays } from "@/lib/digest/edition-date";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { selectForSubscriber } from "@/lib/digest/select-papers";
import { sql } from "@/lib/digest/pg-pool";
import { learnedReaders, readerSource } from "@/lib/feedback/reader-source";
import { latestDailyDate, papersByIds } from "@/lib/papers/list-papers";
import { readerReason } from "@/lib/topics/reader-reason";
import { feedEntry, type FeedDocument, type FeedEntry } from "@/lib/feeds/atom-feed";
import type { FeedReader } from "@/lib/feeds/feed-key";

export async function personalFeed(db: Db, reader: FeedReader, selfUrl: string): Promise<FeedDocument> {
  const e = env();
  const date = await latestDailyDate(db);
  const document = {
    selfUrl,
    pageUrl: `${e.APP_URL}/papers`,
    title: "Paperboy: your papers",
    subtitle: "The papers your digest picks for you, best first, with the reason for each.",
    updated: date ? new Date(`${date}T00:00:00Z`) : new Date(0),
    entries: [] as FeedEntry[],
  };
  if (!date) return document;
  // The edition whose window ends on the latest day: a daily one that day, a weekly one the day after.
  const editionDate = reader.frequency === "DAILY" ? date : addDays(date, 1);
  const candidates = await loadCandidates(db, editionDate, reader.frequency);
  const options = { topN: e.DIGEST_TOP_N, alsoTrending: e.DIGEST_ALSO_TRENDING, topicNames: candidates.topicNames };
  // A reader who voted, saved or set filters gets the learned order, exactly as the fan-out would give it.
  const readers = readerSource(db, sql(), candidates.papers.map((p) => p.id));
  const learned = await learnedReaders(readers, [reader.subscriberId]);
  const selection = selectForSubscriber(
    candidates.papers,
    reader.topicIds,
    new Set(),
    { ...options, skipEmpty: true, weights: readers.weights },
    learned.get(reader.subscriberId),
  );
  if (!selection) return document;
  const reasons = new Map(selection.paperIds.map((id, i) => [id, readerReason(selection.reasons[i]!)] as const));
  const cards = await papersByIds(db, [...selection.paperIds, ...selection.alsoTrendingIds]);
  document.entries = cards.map((card) => feedEntry(card, reasons.get(card.id) ?? "Also trending today"));
  return document;
}
