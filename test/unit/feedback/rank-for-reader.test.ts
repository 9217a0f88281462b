// The learned selection on hand-made candidates: without a profile it is the plain selection (minus muted papers,
// followed authors first); with one, liked kinds of papers rise, near-duplicates are not all taken, and papers from
// outside the topics appear only once the profile is confident. Reasons say why.
import { describe, expect, it } from "vitest";
import { selectPapers, selectPapersForReader, type CandidatePaper } from "@/lib/digest/select-papers";
import { buildIdf, paperVector, rocchioProfile, type PaperFeatureText } from "@/lib/feedback/paper-vector";
import { NO_FILTERS, searchText } from "@/lib/feedback/reader-filters";
import type { PaperSignals, RankingWeights, ReaderContext } from "@/lib/feedback/rank-for-reader";
import { rankingWeights } from "@/lib/feedback/ranking-weights";
import { readerReason } from "@/lib/topics/reader-reason";
import { seededRandom } from "@/scripts/bench/seeded-random";

const LLM = 1;
const ROBOTS = 2;
const topicNames = new Map([
  [LLM, "LLM inference"],
  [ROBOTS, "Robotics"],
]);
const weights: RankingWeights = rankingWeights({
  RANKING_WEIGHT_TRENDING: 1,
  RANKING_WEIGHT_TOPIC: 0.3,
  RANKING_WEIGHT_PROFILE: 3,
  RANKING_FOLLOW_BOOST: 1,
  RANKING_MMR_LAMBDA: 0.7,
  RANKING_CONFIDENT_AT: 3,
  RANKING_SUGGESTIONS: 2,
  RANKING_SUGGEST_MIN_SIMILARITY: 0.15,
});

interface Spec extends PaperFeatureText {
  id: string;
  topics: [number, string][];
}
const spec = (id: string, topic: number | null, title: string, summary: string, authors: string[] = ["Some One"]): Spec => ({
  id,
  title,
  summary,
  aiKeywords: [],
  arxivCategories: [],
  authors,
  topics: topic === null ? [] : [[topic, `matched '${title.split(" ")[0]!.toLowerCase()}'`]],
});
// Best trending first.
const specs: Spec[] = [
  spec("p01", LLM, "Speculative decoding with draft models", "A draft model proposes tokens that the target verifies."),
  spec("p02", LLM, "Quantized attention kernels", "Low-bit attention kernels speed up transformer inference."),
  spec("p03", LLM, "Batching requests for LLM serving", "Continuous batching raises throughput of LLM serving."),
  spec("p04", LLM, "KV cache compression by eviction", "Evicting key value cache entries keeps long-context memory small."),
  spec("p05", LLM, "KV cache compression by eviction of tokens", "Evicting key value cache entries keeps long-context memory small and fast."),
  spec("p06", LLM, "KV cache quantization for long context", "Quantizing the key value cache cuts long-context memory.", ["Ada Lovelace"]),
  spec("p07", ROBOTS, "Quadruped robots climb stairs", "Reinforcement learning for legged locomotion on stairs."),
  spec("p08", LLM, "Prompt caching in serving systems", "Reusing prompt prefixes saves compute in serving."),
  spec("p09", null, "Paged key value cache memory", "Paged memory for the key value cache of long-context models."),
  spec("p10", null, "Diffusion for video generation", "Latent diffusion generates long videos."),
];
const candidates: CandidatePaper[] = specs.map((s, i) => ({ id: s.id, rank: 100 - i, topics: new Map(s.topics) }));
const idf = buildIdf(specs);
const signals = new Map<string, PaperSignals>(specs.map((s) => [s.id, { vector: paperVector(s, idf), authors: s.authors, text: searchText(s) }]));
const vec = (id: string) => signals.get(id)!.vector;
const options = { topN: 4, alsoTrending: 2, topicNames, weights };
const reader = (over: Partial<ReaderContext> = {}): ReaderContext => ({ profile: null, liked: [], filters: NO_FILTERS, ...over });
const likedKv = (n: number): ReaderContext => {
  const liked = [{ title: "An earlier KV cache paper", vector: paperVector(spec("x", LLM, "KV cache eviction for long context", "Key value cache memory for long-context inference."), idf) }];
  return reader({ profile: { vector: rocchioProfile(liked.map((l) => l.vector), [vec("p07")]), positives: n, negatives: 1 }, liked });
};

describe("selection for a reader", () => {
  it("without a profile or filters, is exactly the plain selection (random candidates, topics and history)", () => {
    const rand = seededRandom(11);
    for (let run = 0; run < 200; run++) {
      const cands: CandidatePaper[] = Array.from({ length: 5 + Math.floor(rand() * 30) }, (_, i) => ({
        id: `q${i}`,
        rank: 100 - i,
        topics: new Map(Array.from({ length: Math.floor(rand() * 3) }, () => [1 + Math.floor(rand() * 4), rand() < 0.3 ? "weak match: arXiv cs.CL" : "matched 'x'"] as [number, string])),
      }));
      const topics = [1, 2, 3, 4].filter(() => rand() < 0.5);
      const sent = new Set(cands.filter(() => rand() < 0.2).map((c) => c.id));
      const o = { topN: 1 + Math.floor(rand() * 10), alsoTrending: Math.floor(rand() * 4), topicNames };
      expect(selectPapersForReader(cands, topics, sent, { ...o, weights }, reader(), new Map())).toEqual(selectPapers(cands, topics, sent, o));
    }
  });

  it("leaves out papers with a muted word or by a muted author, and lifts followed authors with the reason", () => {
    const plain = selectPapers(candidates, [LLM], new Set(), options)!;
    expect(plain.paperIds).toEqual(["p01", "p02", "p03", "p04"]);
    const muted = selectPapersForReader(candidates, [LLM], new Set(), options, reader({ filters: { mutedWords: ["Speculative decoding"], mutedAuthors: [], followedAuthors: [] } }), signals)!;
    expect(muted.paperIds).toEqual(["p02", "p03", "p04", "p05"]);
    expect(muted.alsoTrendingIds).not.toContain("p01");
    const noAda = selectPapersForReader(candidates, [LLM, ROBOTS], new Set(), { ...options, topN: 10 }, reader({ filters: { mutedWords: [], mutedAuthors: ["ada lovelace"], followedAuthors: [] } }), signals)!;
    expect(noAda.paperIds).not.toContain("p06");
    const follows = selectPapersForReader(candidates, [LLM], new Set(), options, reader({ filters: { mutedWords: [], mutedAuthors: [], followedAuthors: ["Ada  Lovelace"] } }), signals)!;
    expect(follows.paperIds).toEqual(["p06", "p01", "p02", "p03"]);
    expect(readerReason(follows.reasons[0]!)).toBe("LLM inference: mentions “kv”; by Ada Lovelace, whom you follow");
  });

  it("with a profile, lifts what is like the liked papers, says so, and takes only one of two near-duplicates", () => {
    const r = selectPapersForReader(candidates, [LLM], new Set(), options, likedKv(1), signals)!;
    // The KV cache papers come first; p04 and p05 are near copies: only one of them is in the four.
    expect(r.paperIds[0]).toMatch(/^p0[456]$/);
    expect(r.paperIds.filter((id) => id === "p04" || id === "p05")).toHaveLength(1);
    expect(readerReason(r.reasons[0]!)).toMatch(/because you liked “An earlier KV cache paper”$/);
    // Not yet confident (one liked paper): nothing from outside the topics.
    expect(r.paperIds).not.toContain("p09");
  });

  it("adds a paper from outside the topics under 'You may also like' once the profile is confident", () => {
    const r = selectPapersForReader(candidates, [LLM], new Set(), options, likedKv(3), signals)!;
    expect(r.paperIds).toHaveLength(5);
    // Confident: the profile weighs fully, and the third KV cache paper is in too (but still one of p04 and p05).
    expect(r.paperIds.slice(0, 2).sort()).toEqual(expect.arrayContaining(["p06"]));
    expect(r.paperIds.filter((id) => id === "p04" || id === "p05")).toHaveLength(1);
    expect(r.paperIds[4]).toBe("p09");
    expect(r.reasons[4]).toMatch(/^You may also like: /);
    expect(readerReason(r.reasons[4]!)).toBe("because you liked “An earlier KV cache paper”");
    // Not the diffusion paper: it is nothing like what they liked.
    expect(r.paperIds).not.toContain("p10");
  });
});
