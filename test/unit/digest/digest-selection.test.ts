import { describe, expect, it } from "vitest";
import { contentKeyOf, selectAlsoTrendingOnly, selectPapers, type CandidatePaper } from "@/lib/digest/select-papers";
import { candidateWindow, editionDateAt, frequenciesDue, isEditionDate } from "@/lib/digest/edition-date";

const names = new Map([
  [1, "Reasoning"],
  [2, "Safety"],
  [3, "Vision"],
]);
const paper = (id: string, rank: number, topics: [number, string][]): CandidatePaper => ({ id, rank, topics: new Map(topics) });
// Best first, as loadCandidates sorts them.
const candidates = [
  paper("a", 90, [[2, "matched 'jailbreak'"]]),
  paper("b", 80, [[1, "matched 'chain of thought'"], [2, "matched 'safety'"]]),
  paper("c", 70, [[3, "matched 'segmentation'"]]),
  paper("d", 60, [[1, "matched 'math'"]]),
  paper("e", 50, [[1, "matched 'proof'"]]),
];
const opts = { topN: 2, alsoTrending: 2, topicNames: names };

describe("selectPapers", () => {
  it("takes the top N in the subscriber's topics, best first, each with the reason of the topic that matched", () => {
    const s = selectPapers(candidates, [1], new Set(), opts)!;
    expect(s.paperIds).toEqual(["b", "d"]);
    expect(s.reasons).toEqual(["Reasoning: matched 'chain of thought'", "Reasoning: matched 'math'"]);
    expect(s.alsoTrendingIds).toEqual(["a", "c"]);
  });

  it("never picks a paper the subscriber already received, in either section", () => {
    const s = selectPapers(candidates, [1, 2], new Set(["a", "b", "c"]), opts)!;
    expect(s.paperIds).toEqual(["d", "e"]);
    expect(s.alsoTrendingIds).toEqual([]);
  });

  it("returns null when there is nothing new in the subscriber's topics", () => {
    expect(selectPapers(candidates, [3], new Set(["c"]), opts)).toBeNull();
    expect(selectPapers(candidates, [], new Set(), opts)).toBeNull();
    expect(selectAlsoTrendingOnly(candidates, new Set(["a"]), 2)!.alsoTrendingIds).toEqual(["b", "c"]);
  });

  it("gives the same content key to the same papers with the same reasons, and a different one otherwise", () => {
    const x = selectPapers(candidates, [1], new Set(), opts)!;
    const y = selectPapers(candidates, [1, 3], new Set(["c"]), opts)!;
    expect(y.paperIds).toEqual(x.paperIds);
    expect(y.contentKey).not.toBe(x.contentKey); // "also trending" differs (c was sent)
    expect(selectPapers(candidates, [1], new Set(), opts)!.contentKey).toBe(x.contentKey);
    expect(contentKeyOf(["b"], ["r1"], [])).not.toBe(contentKeyOf(["b"], ["r2"], []));
  });
});

describe("edition dates", () => {
  it("takes the calendar date in the configured time zone", () => {
    const instant = new Date("2025-03-13T23:30:00Z");
    expect(editionDateAt(instant, "UTC")).toBe("2025-03-13");
    expect(editionDateAt(instant, "Europe/Berlin")).toBe("2025-03-14");
    expect(editionDateAt(instant, "America/Los_Angeles")).toBe("2025-03-13");
  });

  it("adds the weekly edition only on the configured weekday, over the seven days before", () => {
    expect(frequenciesDue("2025-03-17", 1)).toEqual(["DAILY", "WEEKLY"]); // a Monday
    expect(frequenciesDue("2025-03-18", 1)).toEqual(["DAILY"]);
    expect(candidateWindow("2025-03-17", "WEEKLY")).toEqual({ from: "2025-03-10", to: "2025-03-16" });
    expect(candidateWindow("2025-03-01", "DAILY")).toEqual({ from: "2025-02-28", to: "2025-03-01" });
  });

  it("accepts only real dates", () => {
    expect(isEditionDate("2025-03-14")).toBe(true);
    expect(isEditionDate("2025-02-30")).toBe(false);
    expect(isEditionDate("14/03/2025")).toBe(false);
  });
});
