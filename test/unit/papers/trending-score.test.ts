import { describe, expect, it } from "vitest";
import { trendingScore, upvoteVelocity } from "@/lib/papers/trending-score";

const t = (iso: string) => new Date(iso);
const base = {
  upvotes: 20,
  githubStars: null,
  publishedAt: t("2025-03-13T12:00:00Z"),
  dailyDate: "2025-03-14",
  snapshots: [{ upvotes: 20, takenAt: t("2025-03-14T08:00:00Z") }],
};

describe("trendingScore", () => {
  it("ranks more upvotes higher", () => {
    expect(trendingScore({ ...base, upvotes: 40 })).toBeGreaterThan(trendingScore(base));
  });

  it("ranks a paper gaining upvotes fast above one with the same count standing still", () => {
    const rising = { ...base, snapshots: [{ upvotes: 5, takenAt: t("2025-03-14T06:00:00Z") }, { upvotes: 20, takenAt: t("2025-03-14T08:00:00Z") }] };
    const flat = { ...base, snapshots: [{ upvotes: 20, takenAt: t("2025-03-14T06:00:00Z") }, { upvotes: 20, takenAt: t("2025-03-14T08:00:00Z") }] };
    expect(upvoteVelocity(rising.snapshots)).toBeCloseTo(7.5);
    expect(trendingScore(rising)).toBeGreaterThan(trendingScore(flat));
  });

  it("does not let a quick re-poll fake a surge (intervals under an hour count as an hour)", () => {
    const quick = [{ upvotes: 10, takenAt: t("2025-03-14T08:00:00Z") }, { upvotes: 12, takenAt: t("2025-03-14T08:00:01Z") }];
    expect(upvoteVelocity(quick)).toBe(2);
  });

  it("ranks an old paper below a new one with the same votes", () => {
    expect(trendingScore({ ...base, publishedAt: t("2024-01-01T00:00:00Z") })).toBeLessThan(trendingScore(base));
  });

  it("counts GitHub stars, on a log scale", () => {
    const stars = (n: number) => trendingScore({ ...base, githubStars: n });
    expect(stars(100)).toBeGreaterThan(trendingScore(base));
    // 100x the stars is worth far less than 100x: the community's votes still dominate
    expect(stars(100_000) - stars(1_000)).toBeLessThan(stars(1_000) - trendingScore(base));
    expect(trendingScore({ ...base, upvotes: 60 })).toBeGreaterThan(stars(100_000));
  });

  it("is a fixed function of the data (no wall clock), so re-running an ingest keeps it", () => {
    expect(trendingScore(base)).toBe(trendingScore(structuredClone(base)));
  });
});
