// The learned ranking's settings from the configuration (lib/env.ts; defaults and meaning in the README).
import { rankingEnv, type RankingEnv } from "@/lib/env";
import type { RankingWeights } from "@/lib/feedback/rank-for-reader";

/** Below this similarity a liked paper is not named as the reason for a pick. */
const LIKED_REASON_SIMILARITY = 0.08;

export function rankingWeights(e: RankingEnv = rankingEnv()): RankingWeights {
  return {
    trending: e.RANKING_WEIGHT_TRENDING,
    topic: e.RANKING_WEIGHT_TOPIC,
    profile: e.RANKING_WEIGHT_PROFILE,
    follow: e.RANKING_FOLLOW_BOOST,
    mmrLambda: e.RANKING_MMR_LAMBDA,
    confidentAt: e.RANKING_CONFIDENT_AT,
    suggestions: e.RANKING_SUGGESTIONS,
    suggestMinSimilarity: e.RANKING_SUGGEST_MIN_SIMILARITY,
    likedReasonSimilarity: LIKED_REASON_SIMILARITY,
  };
}
