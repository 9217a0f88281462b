import { describe, expect, it } from "vitest";
import { readableText } from "@/lib/papers/readable-text";

describe("readableText", () => {
  it.each([
    ["H$_2$O splitting", "H₂O splitting"],
    ["a $100\\times$ speed-up", "a 100× speed-up"],
    ["30\\% smaller", "30% smaller"],
    ['text na\\"ively compressed', "text naïvely compressed"],
    ["$O(n^2)$ attention", "O(n²) attention"],
    ["$\\alpha$-divergence with $\\epsilon$", "α-divergence with ε"],
    ["over $10^{-3}$", "over 10⁻³"],
    ["$x_{ij}$", "xᵢⱼ"],
    ["$W_{q}$ weights", "W_q weights"],
    ["costs $5 and more", "costs $5 and more"],
    ["we propose \\METHOD, which", "we propose METHOD, which"],
    ["our model \\ours outperforms", "our model ours outperforms"],
    // Size and font commands say how a title looks, not what it says.
    ["Inference Scaling $\\scriptsize\\mathtt{F}$Laws: The Limits", "Inference Scaling FLaws: The Limits"],
    ["Inference Scaling {\\scriptsize F}Laws", "Inference Scaling FLaws"],
    ["$\\mathsf{KV}$ cache", "KV cache"],
    ["$\\displaystyle \\sum_i x_i$", "∑ᵢ xᵢ"],
    ["a {\\bf bold} and \\textsc{Small} claim", "a bold and Small claim"],
    // ...and when something upstream already stripped their backslash, as in the recorded Daily Papers page.
    ["Inference Scaling scriptsizeFLaws: The Limits of LLM Resampling", "Inference Scaling FLaws: The Limits of LLM Resampling"],
    ["a mathttF-score of 3", "a F-score of 3"],
    ["small models, TinyLlama and a large Largemodel", "small models, TinyLlama and a large Largemodel"],
  ])("%s -> %s", (input, expected) => {
    expect(readableText(input)).toBe(expected);
  });

  it("keeps markup as text for the caller to escape", () => {
    expect(readableText("a framework called <projektor>, which")).toBe("a framework called <projektor>, which");
  });
});
