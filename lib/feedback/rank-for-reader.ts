// The digest of a reader who taught it something: votes (a profile), muted words and authors, followed authors.
// Pure and cheap, called by the fan-out for such readers only; everyone else keeps select-papers' plain order.
// - Candidates stay the reader's topics. Each gets a blend of its trending place, how well it matches the topic and
//   how close it is to the profile (that last part weighed by how many papers the profile was built from).
// - Picks go by maximal marginal relevance: a paper very like one already picked loses part of its score, so a
//   cluster of near-duplicates does not fill the digest.
// - Up to RANKING_SUGGESTIONS papers from outside the topics, close to the profile, once the profile is confident.
// - A muted word or author removes a paper everywhere; a followed author lifts it.
// - Without a profile nothing but the filters applies: the plain trending order, minus the muted, followed first.
import { cosine, type SparseVector } from "@/lib/feedback/paper-vector";
import { REASON_SEPARATOR, SUGGESTION_PREFIX } from "@/lib/topics/reader-reason";
import { matchesMutedWord, followedAuthorOf, mutedAuthorOf, type ReaderFilters } from "@/lib/feedback/reader-filters";

export interface RankingWeights {
  trending: number;
  topic: number;
  profile: number;
  follow: number;
  /** MMR's lambda: 1 = score alone, lower = more spread. */
  mmrLambda: number;
  /** Papers (liked or saved) from which the profile counts fully, and suggestions outside the topics appear. */
  confidentAt: number;
  suggestions: number;
  suggestMinSimilarity: number;
  /** How close a liked paper must be to a pick to be named as the reason. */
  likedReasonSimilarity: number;
}

export interface PaperSignals {
  vector: SparseVector;
  authors: string[];
  /** Title, abstract and keywords, normalised (assign-topics' normalise), for muted words. */
  text: string;
}

export interface LikedPaper {
  title: string;
  vector: SparseVector;
}

export interface ReaderContext {
  profile: { vector: SparseVector; positives: number; negatives: number } | null;
  liked: LikedPaper[];
  filters: ReaderFilters;
}

export interface RankCandidate {
  id: string;
  /** topicId -> the stored reason. */
  topics: Map<number, string>;
}

export interface RankedSelection {
  paperIds: string[];
  reasons: string[];
  suggestionIds: string[];
  suggestionReasons: string[];
  alsoTrendingIds: string[];
}


const likedPiece = (title: string) => `liked: ${title.replace(/\s*\|\s*/g, " ").trim()}`;
const followPiece = (author: string) => `follows: ${author}`;

export function rankForReader(
  candidates: readonly RankCandidate[],
  signals: ReadonlyMap<string, PaperSignals>,
  subscriberTopicIds: readonly number[],
  alreadySent: ReadonlySet<string>,
  reader: ReaderContext,
  options: { topN: number; alsoTrending: number; topicNames: Map<number, string>; weights: RankingWeights },
): RankedSelection | null {
  const w = options.weights;
  const n = candidates.length;
  const learned = reader.profile !== null && reader.profile.vector.size > 0;
  const confidence = learned ? Math.min(1, reader.profile!.positives / Math.max(1, w.confidentAt)) : 0;

  interface Scored {
    id: string;
    index: number;
    score: number;
    similarity: number;
    vector: SparseVector | undefined;
    topicReason: string | undefined;
    followed: string | undefined;
  }
  const eligible: Scored[] = [];
  candidates.forEach((paper, index) => {
    if (alreadySent.has(paper.id)) return;
    const s = signals.get(paper.id);
    if (s && (matchesMutedWord(s.text, reader.filters.mutedWords) || mutedAuthorOf(s.authors, reader.filters.mutedAuthors))) return;
    let topicReason: string | undefined;
    let topicFit = 0;
    for (const topicId of subscriberTopicIds) {
      const reason = paper.topics.get(topicId);
      if (reason === undefined) continue;
      topicReason = `${options.topicNames.get(topicId) ?? "Your topics"}: ${reason}`;
      topicFit = /^weak match/.test(reason) ? 0.5 : 1;
      break;
    }
    const followed = s ? followedAuthorOf(s.authors, reader.filters.followedAuthors) : undefined;
    const similarity = learned && s ? cosine(reader.profile!.vector, s.vector) : 0;
    const trend = n > 1 ? 1 - index / (n - 1) : 1;
    const score = learned
      ? w.trending * trend + w.topic * topicFit + w.profile * confidence * similarity + (followed ? w.follow : 0)
      : // No profile: the plain order (trend falls with the index), followed authors ahead of everything else.
        trend + (followed ? 2 : 0);
    eligible.push({ id: paper.id, index, score, similarity, vector: s?.vector, topicReason, followed });
  });

  const own = eligible.filter((p) => p.topicReason !== undefined);
  const picked = learned ? mmr(own, options.topN, w.mmrLambda) : [...own].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, options.topN);
  if (picked.length === 0) return null;

  const reasonFor = (p: Scored, base: string | undefined) => {
    const pieces = base ? [base] : [];
    const liked = learned && p.vector ? closestLiked(p.vector, reader.liked, w.likedReasonSimilarity) : undefined;
    if (liked) pieces.push(likedPiece(liked));
    if (p.followed) pieces.push(followPiece(p.followed));
    return pieces.join(REASON_SEPARATOR);
  };
  // Within the digest, best first (MMR picks in that order already).
  const paperIds = picked.map((p) => p.id);
  const reasons = picked.map((p) => reasonFor(p, p.topicReason));

  const taken = new Set(paperIds);
  const suggestions: Scored[] = [];
  if (learned && confidence >= 1 && w.suggestions > 0) {
    const outside = eligible
      .filter((p) => p.topicReason === undefined && p.similarity >= w.suggestMinSimilarity && p.vector)
      .sort((a, b) => b.similarity - a.similarity || a.index - b.index);
    for (const p of outside) {
      if (suggestions.length >= w.suggestions) break;
      // Not a near-copy of a paper already in the digest.
      if ([...picked, ...suggestions].some((q) => q.vector && cosine(q.vector, p.vector!) >= NEAR_DUPLICATE)) continue;
      if (!closestLiked(p.vector!, reader.liked, w.likedReasonSimilarity)) continue;
      suggestions.push(p);
      taken.add(p.id);
    }
  }

  const alsoTrendingIds: string[] = [];
  for (const p of eligible) {
    if (alsoTrendingIds.length >= options.alsoTrending) break;
    if (!taken.has(p.id)) alsoTrendingIds.push(p.id);
  }
  return {
    paperIds,
    reasons,
    suggestionIds: suggestions.map((p) => p.id),
    suggestionReasons: suggestions.map((p) => `${SUGGESTION_PREFIX}${reasonFor(p, undefined)}`),
    alsoTrendingIds,
  };
}

/** Cosine above which two papers count as near copies of each other. */
const NEAR_DUPLICATE = 0.8;

function mmr<T extends { score: number; index: number; vector: SparseVector | undefined }>(items: T[], k: number, lambda: number): T[] {
  const left = [...items];
  const out: T[] = [];
  // Similarity is in [0, 1] and scores are not: the redundancy is counted on the scale of the best score.
  const scale = Math.max(1e-9, ...items.map((p) => Math.abs(p.score)));
  while (out.length < k && left.length) {
    let best = -1;
    let bestValue = -Infinity;
    left.forEach((p, i) => {
      const redundancy = p.vector ? Math.max(0, ...out.map((q) => (q.vector ? cosine(p.vector!, q.vector) : 0))) : 0;
      // A near copy of a pick comes only after everything else (it would say the same thing twice).
      const value = lambda * p.score - (1 - lambda) * redundancy * scale - (redundancy >= NEAR_DUPLICATE ? 1e6 : 0);
      if (value > bestValue || (value === bestValue && p.index < left[best]!.index)) {
        best = i;
        bestValue = value;
      }
    });
    out.push(left.splice(best, 1)[0]!);
  }
  return out;
}

function closestLiked(vector: SparseVector, liked: readonly LikedPaper[], min: number): string | undefined {
  let best: LikedPaper | undefined;
  let bestSim = min;
  for (const l of liked) {
    const s = cosine(vector, l.vector);
    if (s >= bestSim) {
      best = l;
      bestSim = s;
    }
  }
  return best?.title;
}
