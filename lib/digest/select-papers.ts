// Which papers one subscriber gets in one edition. Pure: the fan-out loads the candidates once per edition and
// calls this for every subscriber, so it must be cheap (candidates are a few dozen to a few hundred papers).
import { createHash } from "node:crypto";
import { rankForReader, type PaperSignals, type RankingWeights, type ReaderContext } from "@/lib/feedback/rank-for-reader";

export interface CandidatePaper {
  id: string;
  /** Ranking key: trendingScore for daily editions, settled upvotes for weekly ones. */
  rank: number;
  /** topicId -> why the paper is in that topic (PaperTopic.reason). */
  topics: Map<number, string>;
}

export interface Selection {
  paperIds: string[];
  /** One per paperIds entry: "<topic name>: <reason>". */
  reasons: string[];
  alsoTrendingIds: string[];
  /** Same papers, same reasons, same "also trending" => same key => one shared render. */
  contentKey: string;
}

export interface SelectionOptions {
  topN: number;
  alsoTrending: number;
  topicNames: Map<number, string>;
}

/**
 * `candidates` must be sorted best first. The subscriber's own list is the top N papers in any of their topics
 * that they never received; the "also trending" list is the best remaining papers overall, also never received.
 * Returns null when the subscriber has nothing new in their topics (the caller decides whether that means no mail).
 */
export function selectPapers(
  candidates: readonly CandidatePaper[],
  subscriberTopicIds: readonly number[],
  alreadySent: ReadonlySet<string>,
  options: SelectionOptions,
): Selection | null {
  const paperIds: string[] = [];
  const reasons: string[] = [];
  const picked = new Set<string>();
  for (const paper of candidates) {
    if (paperIds.length >= options.topN) break;
    if (alreadySent.has(paper.id)) continue;
    // The subscriber's topics in the order they are stored: the first match names the reason.
    for (const topicId of subscriberTopicIds) {
      const reason = paper.topics.get(topicId);
      if (reason === undefined) continue;
      paperIds.push(paper.id);
      reasons.push(`${options.topicNames.get(topicId) ?? "Your topics"}: ${reason}`);
      picked.add(paper.id);
      break;
    }
  }
  if (paperIds.length === 0) return null;

  const alsoTrendingIds: string[] = [];
  for (const paper of candidates) {
    if (alsoTrendingIds.length >= options.alsoTrending) break;
    if (picked.has(paper.id) || alreadySent.has(paper.id)) continue;
    alsoTrendingIds.push(paper.id);
  }
  return { paperIds, reasons, alsoTrendingIds, contentKey: contentKeyOf(paperIds, reasons, alsoTrendingIds) };
}

export function contentKeyOf(paperIds: readonly string[], reasons: readonly string[], alsoTrendingIds: readonly string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([paperIds, reasons, alsoTrendingIds]))
    .digest("base64url")
    .slice(0, 22);
}

/**
 * For a reader with a profile or filters (lib/feedback/rank-for-reader.ts): the learned order. Papers from outside
 * their topics ("You may also like") follow their own in paperIds, their reasons marked as such.
 */
export function selectPapersForReader(
  candidates: readonly CandidatePaper[],
  subscriberTopicIds: readonly number[],
  alreadySent: ReadonlySet<string>,
  options: SelectionOptions & { weights: RankingWeights },
  reader: ReaderContext,
  signals: ReadonlyMap<string, PaperSignals>,
): Selection | null {
  const r = rankForReader(candidates, signals, subscriberTopicIds, alreadySent, reader, options);
  if (!r) return null;
  const paperIds = [...r.paperIds, ...r.suggestionIds];
  const reasons = [...r.reasons, ...r.suggestionReasons];
  return { paperIds, reasons, alsoTrendingIds: r.alsoTrendingIds, contentKey: contentKeyOf(paperIds, reasons, r.alsoTrendingIds) };
}

/** A reader who taught their digest something, with the candidates' signals their order is ranked with. */
export interface LearnedReader {
  reader: ReaderContext;
  signals: ReadonlyMap<string, PaperSignals>;
}

/**
 * What one subscriber's mail holds: the learned order for a reader who taught it, the plain one otherwise, and
 * (unless `skipEmpty`) "also trending" alone when nothing new matched their topics. The fan-out, the dry run, the
 * personal feed and the console's preview all ask here, so each shows what the mail carries. Null: no mail.
 */
export function selectForSubscriber(
  candidates: readonly CandidatePaper[],
  subscriberTopicIds: readonly number[],
  alreadySent: ReadonlySet<string>,
  options: SelectionOptions & { skipEmpty: boolean; weights?: RankingWeights },
  learned?: LearnedReader,
): Selection | null {
  const own =
    learned && options.weights
      ? selectPapersForReader(candidates, subscriberTopicIds, alreadySent, { ...options, weights: options.weights }, learned.reader, learned.signals)
      : selectPapers(candidates, subscriberTopicIds, alreadySent, options);
  if (own || options.skipEmpty) return own;
  return selectAlsoTrendingOnly(candidates, alreadySent, Math.max(options.alsoTrending, 1));
}

/** For a subscriber with nothing new in their topics when empty digests are wanted: only the "also trending" part. */
export function selectAlsoTrendingOnly(
  candidates: readonly CandidatePaper[],
  alreadySent: ReadonlySet<string>,
  alsoTrending: number,
): Selection | null {
  const alsoTrendingIds = candidates.filter((p) => !alreadySent.has(p.id)).slice(0, alsoTrending).map((p) => p.id);
  if (alsoTrendingIds.length === 0) return null;
  return { paperIds: [], reasons: [], alsoTrendingIds, contentKey: contentKeyOf([], [], alsoTrendingIds) };
}
