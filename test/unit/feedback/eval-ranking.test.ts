// `npm run eval:ranking` as a person runs it, on a few readers: it prints every row with the seed, is the same on a
// second run with the same seed, and the learned order with no votes is the topics-only order for every reader.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const run = (seed: number) =>
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/eval-ranking.ts", "--readers", "6", "--seed", String(seed)], { cwd: root, encoding: "utf8", timeout: 120_000 });

describe("eval:ranking", () => {
  it("prints precision@5 and nDCG@10 for topics-only and 0, 3, 10 and 30 votes, with its seed, reproducibly", () => {
    const out = run(3);
    expect(out).toMatch(/^seed 3: 12 reader-days/m);
    for (const row of ["topics only", "learned, 0 votes", "learned, 3 votes", "learned, 10 votes", "learned, 30 votes", "best order of topics"]) {
      expect(out).toMatch(new RegExp(`^${row} +[01]\\.\\d{3} +[01]\\.\\d{3}`, "m"));
    }
    expect(out).toMatch(/0 votes: never below topics-only \(per reader\): PASS/);
    expect(run(3)).toBe(out);
  });
});
