// The reasons readers see: topic assignment's terse evidence becomes plain words, and no internal wording is left.
import { describe, expect, it } from "vitest";
import { readerReason } from "@/lib/topics/reader-reason";

describe("readerReason", () => {
  it("turns keyword and category evidence into words", () => {
    expect(readerReason("LLM inference and efficiency: matched 'speculative decoding', 'kv cache'; arXiv cs.CL")).toBe(
      "LLM inference and efficiency: mentions “speculative decoding” and “kv cache”; listed on arXiv under Computation and Language",
    );
    expect(readerReason("matched 'speech'")).toBe("mentions “speech”");
  });

  it("says a weak match is a loose fit, without the words 'weak match' or a category code", () => {
    const said = readerReason("Vision and images: weak match: arXiv cs.CV");
    expect(said).toBe("Vision and images (a loose fit): listed on arXiv under Computer Vision");
    expect(said).not.toMatch(/weak match|cs\.CV/);
    expect(readerReason("weak match: matched 'speech'")).toBe("A loose fit: mentions “speech”");
  });

  it("keeps a category it has no name for, and leaves other text alone", () => {
    expect(readerReason("Robots: arXiv q-bio.NC")).toBe("Robots: listed on arXiv under q-bio.NC");
    expect(readerReason("Chosen by the editors")).toBe("Chosen by the editors");
  });

  it("names what the reader taught: a liked paper, a followed author, and papers from outside their topics", () => {
    expect(readerReason("LLM inference and efficiency: matched 'kv cache' | liked: Paged attention for serving")).toBe(
      "LLM inference and efficiency: mentions “kv cache”; because you liked “Paged attention for serving”",
    );
    expect(readerReason("Robotics: arXiv cs.RO | follows: A. Author")).toBe("Robotics: listed on arXiv under Robotics; by A. Author, whom you follow");
    expect(readerReason("You may also like: liked: Diffusion for video")).toBe("because you liked “Diffusion for video”");
    expect(readerReason("Vision and images: weak match: arXiv cs.CV | liked: X | follows: B. Writer")).toBe(
      "Vision and images (a loose fit): listed on arXiv under Computer Vision; because you liked “X”; by B. Writer, whom you follow",
    );
  });
});
