// The folding rule for long abstracts on /papers: at a sentence end near 300 characters, else at a word end, never
// losing text, and applied to text whose LaTeX is already readable.
import { describe, expect, it } from "vitest";
import { FOLD_AT, foldAbstract } from "@/lib/papers/fold-abstract";
import { readableText } from "@/lib/papers/readable-text";

const sentence = (n: number) => `Sentence number ${n} says something about models and data that matters here.`;
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe("foldAbstract", () => {
  it("leaves a short abstract whole", () => {
    const text = "We present a short abstract. It has two sentences.";
    expect(foldAbstract(text)).toEqual({ lead: text, rest: "", midSentence: false });
    // Just over the target, but too little would be hidden to be worth a "More".
    const near = "a".repeat(FOLD_AT - 10) + ". Then a few words.";
    expect(foldAbstract(near).rest).toBe("");
  });

  it("folds after the sentence that ends near 300 characters, keeping every word", () => {
    const text = Array.from({ length: 10 }, (_, i) => sentence(i + 1)).join(" ");
    const { lead, rest, midSentence } = foldAbstract(text);
    expect(midSentence).toBe(false);
    expect(lead.endsWith(".")).toBe(true);
    expect(lead.length).toBeGreaterThanOrEqual(FOLD_AT * 0.6);
    expect(lead.length).toBeLessThanOrEqual(FOLD_AT + 120);
    expect(rest.startsWith("Sentence number")).toBe(true);
    expect(`${lead} ${rest}`).toBe(text);
  });

  it("does not take an abbreviation or a decimal for a sentence end", () => {
    const text = `${"Models such as ours, e.g. the small ones, reach 3.5 points over Smith et al. on every benchmark we tried ".repeat(4)}and this long sentence ends here. ${"After that comes more text. ".repeat(5)}`;
    const { lead } = foldAbstract(text);
    expect(lead.endsWith("e.g.")).toBe(false);
    expect(lead.endsWith("et al.")).toBe(false);
    expect(lead.endsWith("3.")).toBe(false);
  });

  it("folds at a word end when no sentence ends near the target", () => {
    const text = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const { lead, rest, midSentence } = foldAbstract(text);
    expect(midSentence).toBe(true);
    expect(lead.length).toBeLessThanOrEqual(FOLD_AT);
    expect(lead.length).toBeGreaterThan(FOLD_AT - 12);
    expect(words(lead).concat(words(rest))).toEqual(words(text));
  });

  it("never cuts inside a word longer than the target (a URL)", () => {
    const url = `https://example.org/${"x".repeat(400)}`;
    expect(foldAbstract(url)).toEqual({ lead: url, rest: "", midSentence: false });
  });

  it("counts and keeps LaTeX once it is made readable", () => {
    const raw = `We reduce H$_2$O memory by $100\\times$ with a $\\mathcal{O}(n^2)$ kernel, 30\\% faster. ${"The cache keeps $\\alpha \\leq 0.5$ of the tokens, na\\\"ively chosen. ".repeat(6)}`;
    const text = readableText(raw);
    const { lead, rest } = foldAbstract(text);
    expect(rest).not.toBe("");
    expect(lead).toContain("H₂O");
    expect(lead).toContain("100×");
    expect(`${lead} ${rest}`).toBe(text);
    expect(`${lead}${rest}`).not.toMatch(/[$\\]/);
    expect(lead.endsWith(".")).toBe(true);
  });
});
