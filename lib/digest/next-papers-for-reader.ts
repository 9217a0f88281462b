// "This reader's next papers": what their next digest would pick from the latest days, ranked and explained as the
// fan-out does (learned order for readers who voted, saved or set filters). Shared by the personal feed and the
// preferences page's preview, which passes filters the reader has not saved yet.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { addDays } from "@/lib/digest/edition-date";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { selectForSubscriber } from "@/lib/digest/select-papers";
import { sql } from "@/lib/digest/pg-pool";
import { readerSource } from "@/lib/feedback/reader-source";
import { hasFilters, type ReaderFilters } from "@/lib/feedback/reader-filters";
import { latestDailyDate, papersByIds, type PaperCard } from "@/lib/papers/list-papers";
import { readerReason } from "@/lib/topics/reader-reason";

export interface NextReader {
  subscriberId: string;
  frequency: "DAILY" | "WEEKLY";
  topicIds: number[];
}

export interface NextPapers {
  /** The latest Daily Papers day the picks come from, null when there are no papers yet. */
  date: string | null;
  /** Best first; `reason` is "Also trending today" for the papers outside the reader's own list. */
  picks: { card: PaperCard; reason: string }[];
}

export const ALSO_TRENDING_REASON = "Also trending today";

export async function nextPapersForReader(db: Db, reader: NextReader, options: { filters?: ReaderFilters } = {}): Promise<NextPapers> {
  const e = env();
  const date = await latestDailyDate(db);
  if (!date) return { date: null, picks: [] };
  // The edition whose window ends on the latest day: a daily one that day, a weekly one the day after.
  const editionDate = reader.frequency === "DAILY" ? date : addDays(date, 1);
  const candidates = await loadCandidates(db, editionDate, reader.frequency);
  const selectionOptions = { topN: e.DIGEST_TOP_N, alsoTrending: e.DIGEST_ALSO_TRENDING, topicNames: candidates.topicNames };
  const readers = readerSource(db, sql(), candidates.papers.map((p) => p.id));
  let learned = (await readers.forPage([reader.subscriberId])).get(reader.subscriberId);
  if (options.filters) {
    // Unsaved filters replace the stored ones; a reader with neither profile nor filters keeps the plain selection.
    learned = learned ? { ...learned, filters: options.filters } : hasFilters(options.filters) ? { profile: null, liked: [], filters: options.filters } : undefined;
    if (learned && !learned.profile && !learned.liked.length && !hasFilters(learned.filters)) learned = undefined;
  }
  const selection = selectForSubscriber(
    candidates.papers,
    reader.topicIds,
    new Set(),
    { ...selectionOptions, skipEmpty: true, weights: readers.weights },
    learned ? { reader: learned, signals: await readers.signals() } : undefined,
  );
  if (!selection) return { date, picks: [] };
  const reasons = new Map(selection.paperIds.map((id, i) => [id, readerReason(selection.reasons[i]!)] as const));
  const cards = await papersByIds(db, [...selection.paperIds, ...selection.alsoTrendingIds]);
  return { date, picks: cards.map((card) => ({ card, reason: reasons.get(card.id) ?? ALSO_TRENDING_REASON })) };
}
