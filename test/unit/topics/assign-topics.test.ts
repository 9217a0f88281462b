import { describe, expect, it } from "vitest";
import { assignTopics, normalise, type TopicRule } from "@/lib/topics/assign-topics";

const rules: TopicRule[] = [
  { id: 1, slug: "llm-inference", keywords: ["speculative decoding", "kv cache"], arxivCategories: [] },
  { id: 2, slug: "rl", keywords: ["rl", "reinforcement learning"], arxivCategories: ["cs.LG"] },
  { id: 3, slug: "speech", keywords: ["speech"], arxivCategories: ["eess.AS"] },
];
const paper = (title: string, summary = "", extra: Partial<{ aiKeywords: string[]; arxivCategories: string[] }> = {}) => ({
  title, summary, aiKeywords: extra.aiKeywords ?? [], arxivCategories: extra.arxivCategories ?? [],
});

describe("assignTopics", () => {
  it("keeps the reason: which keywords matched", () => {
    const [m] = assignTopics(paper("Recursive Speculative Decoding for LLMs", "We study speculative decoding with a KV cache."), rules);
    expect(m).toMatchObject({ slug: "llm-inference", reason: "matched 'speculative decoding', 'kv cache'" });
  });

  it("matches whole phrases across case, hyphens and plurals, not inside words", () => {
    expect(normalise("Chain-of-Thought $x^2$ KV-Caches")).toBe(" chain of thought kv caches ");
    expect(assignTopics(paper("KV-caches everywhere", "kv caches kv caches"), rules)[0]?.slug).toBe("llm-inference");
    // "rl" must not match inside "world" or "rlhf"
    const m = assignTopics(paper("A world of RLHF", "world models and rlhf"), rules);
    expect(m.find((x) => x.slug === "rl")).toBeUndefined();
  });

  it("does not assign on a passing mention, but falls back to the best weak match", () => {
    const m = assignTopics(paper("Something else", "Unlike speech systems, we ..."), rules);
    expect(m).toEqual([{ topicId: 3, slug: "speech", score: 1, reason: "weak match: matched 'speech'" }]);
    expect(assignTopics(paper("Nothing", "at all"), rules)).toEqual([]);
  });

  it("counts arXiv categories as supporting evidence and says so", () => {
    const without = assignTopics(paper("Voices", "speech speech", { aiKeywords: [] }), rules);
    const withCat = assignTopics(paper("Voices", "speech speech", { aiKeywords: ["speech"], arxivCategories: ["eess.AS"] }), rules);
    expect(without[0]!.reason.startsWith("weak match")).toBe(true);
    expect(withCat[0]).toMatchObject({ slug: "speech", score: 5, reason: "matched 'speech'; arXiv eess.AS" });
  });
});
