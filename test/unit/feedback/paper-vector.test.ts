// The TF-IDF vectors and the Rocchio profile on hand-made papers: close papers are close, a liked paper pulls the
// profile towards its neighbours, a disliked one pushes it away, and the profile is the same however it was reached.
import { describe, expect, it } from "vitest";
import { buildIdf, cosine, hashFeature, paperFeatures, paperVector, rocchioProfile, PROFILE_FEATURES, type PaperFeatureText } from "@/lib/feedback/paper-vector";

const paper = (title: string, summary: string, extra: Partial<PaperFeatureText> = {}): PaperFeatureText => ({
  title,
  summary,
  aiKeywords: [],
  arxivCategories: [],
  authors: [],
  ...extra,
});

const kv = paper("Compressing the KV cache for long-context inference", "We quantize the key value cache of transformer decoders to cut memory.", { aiKeywords: ["KV cache"], arxivCategories: ["cs.CL"], authors: ["Ada Lovelace"] });
const kv2 = paper("Paged KV cache eviction for fast serving", "An eviction policy for the key value cache keeps long-context inference fast.", { aiKeywords: ["KV cache", "serving"], arxivCategories: ["cs.CL"] });
const robots = paper("Legged robots learn to climb stairs", "A reinforcement learning policy for quadruped locomotion on stairs.", { arxivCategories: ["cs.RO"], authors: ["Alan Turing"] });
const robots2 = paper("Sim-to-real transfer for quadruped locomotion", "Policies trained in simulation walk on real legged robots.", { arxivCategories: ["cs.RO"] });
const diffusion = paper("Diffusion models for video generation", "A latent diffusion model generates long videos from text.", { arxivCategories: ["cs.CV"] });
const corpus = [kv, kv2, robots, robots2, diffusion];
const idf = buildIdf(corpus);
const v = (p: PaperFeatureText) => paperVector(p, idf);

describe("paper vectors", () => {
  it("read title, abstract, keywords, categories and authors, each in its own namespace", () => {
    const f = paperFeatures(kv);
    expect(f.get("w:cache")).toBeGreaterThanOrEqual(3); // title counts twice, abstract once
    expect(f.has("b:kv cache")).toBe(true);
    expect(f.has("k:kv cache")).toBe(true);
    expect(f.has("c:cs.cl")).toBe(true);
    expect(f.has("a:ada lovelace")).toBe(true);
    expect(f.has("w:the")).toBe(false);
    expect(hashFeature("w:cache")).toBe(hashFeature("w:cache"));
    expect(hashFeature("w:cache")).toBeLessThan(2 ** 18);
  });

  it("are unit length, and a paper is closer to its neighbour than to another field", () => {
    const n = [...v(kv).values()].reduce((s, w) => s + w * w, 0);
    expect(n).toBeCloseTo(1, 6);
    expect(cosine(v(kv), v(kv2))).toBeGreaterThan(cosine(v(kv), v(robots)) + 0.1);
    expect(cosine(v(robots), v(robots2))).toBeGreaterThan(cosine(v(robots), v(diffusion)) + 0.1);
  });
});

describe("Rocchio profile", () => {
  it("moves towards liked papers and away from disliked ones", () => {
    const liked = rocchioProfile([v(kv)], []);
    expect(cosine(liked, v(kv2))).toBeGreaterThan(cosine(liked, v(robots2)));
    const both = rocchioProfile([v(kv)], [v(robots)]);
    expect(cosine(both, v(robots2))).toBeLessThan(cosine(liked, v(robots2)));
    expect(cosine(both, v(robots2))).toBeLessThan(0);
    expect(cosine(both, v(kv2))).toBeGreaterThan(0);
  });

  it("depends only on the set of votes, keeps at most PROFILE_FEATURES features, and is empty without votes", () => {
    const a = rocchioProfile([v(kv), v(kv2)], [v(robots)]);
    const b = rocchioProfile([v(kv2), v(kv)], [v(robots)]);
    expect([...a]).toEqual([...b]);
    const many = rocchioProfile(corpus.map(v), []);
    expect(many.size).toBeLessThanOrEqual(PROFILE_FEATURES);
    expect(rocchioProfile([], []).size).toBe(0);
  });
});
