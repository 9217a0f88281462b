// The pure parts of "Start from papers I know" and the saved-papers export: arXiv ids in the forms readers paste
// them, BibTeX entries read one by one (a broken one named, the rest kept), and the export read back.
import { describe, expect, it } from "vitest";
import { arxivIdOf, parseArxivIdList } from "@/lib/feedback/arxiv-ids";
import { arxivIdOfEntry, bibtexOf, escapeBibtex, parseBibtex, unescapeBibtex } from "@/lib/feedback/bibtex";
import { readKnownPapersForm } from "@/lib/feedback/known-papers-form";

describe("arXiv ids", () => {
  it.each([
    ["2503.08054", "2503.08054"],
    ["arXiv:2503.08054v2", "2503.08054"],
    ["ARXIV: 2503.08054", "2503.08054"],
    ["https://arxiv.org/abs/2503.08054", "2503.08054"],
    ["http://arxiv.org/pdf/2503.08054v3.pdf", "2503.08054"],
    ["https://www.arxiv.org/abs/2503.08054v1?context=cs", "2503.08054"],
    ["10.48550/arXiv.2503.08054", "2503.08054"],
    ["https://doi.org/10.48550/arXiv.2503.08054", "2503.08054"],
    ["hep-th/9901001", "hep-th/9901001"],
    ["arXiv:math.GT/0309136v1", "math.GT/0309136"],
    ["https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"],
    ["0704.0001", "0704.0001"],
    ["2503.080", undefined],
    ["https://example.org/abs/2503.08054", undefined],
    ["banana", undefined],
  ])("%s -> %s", (raw, id) => {
    expect(arxivIdOf(raw)).toBe(id);
  });

  it("reads a pasted list, keeps the first of duplicates and names what is not an id", () => {
    const r = parseArxivIdList("2503.08054\narXiv: 2503.08054v2, hep-th/9901001;  nonsense\n\n https://arxiv.org/abs/2401.00001 ");
    expect(r.ids).toEqual(["2503.08054", "hep-th/9901001", "2401.00001"]);
    expect(r.unrecognised).toEqual(["nonsense"]);
  });
});

const BIB = `% my library
@article{good1,
  title = {Attention {Is} All},
  author = "Vaswani, A. and Others",
  eprint = {1706.03762},
  archivePrefix = {arXiv},
  year = 2017
}

@misc{broken,
  title = {Unclosed {brace},
  eprint = {2401.00001}
}
@inproceedings{nourl,
  title = {No arXiv here}, booktitle = {Proc}
}
@misc{byurl, url = {https://arxiv.org/abs/2503.08054v2}}
@article{byjournal, journal = {arXiv preprint arXiv:2310.06825}}
@string{foo = "bar"}
@misc{bydoi, doi = {10.48550/ARXIV.2402.12345}, eprint = {notarxiv}, archivePrefix = {SSRN}}
@misc{
  title = {no key}
}
`;

describe("BibTeX", () => {
  it("reads every well-formed entry and names each broken one by key or line", () => {
    const { entries, problems } = parseBibtex(BIB);
    expect(entries.map((e) => e.key)).toEqual(["good1", "nourl", "byurl", "byjournal", "bydoi"]);
    expect(entries[0]!.fields.title).toBe("Attention {Is} All");
    expect(entries[0]!.fields.year).toBe("2017");
    expect(problems).toEqual([
      { key: "broken", line: 10, message: 'the entry is not closed with "}"' },
      { key: null, line: 21, message: "the entry has no key" },
    ]);
    expect(entries.map(arxivIdOfEntry)).toEqual(["1706.03762", undefined, "2503.08054", "2310.06825", "2402.12345"]);
  });

  it("escapes special characters so that the export reads back to the same text", () => {
    const title = "50% of {braces} & $x_1^2$ cost #1 ~ \\alpha";
    expect(escapeBibtex(title)).toBe("50\\% of \\{braces\\} \\& \\$x\\_1\\textasciicircum{}2\\$ cost \\#1 \\textasciitilde{} \\textbackslash{}alpha");
    const bib = bibtexOf([
      { id: "2503.08054", title, authors: ["Ada Lovelace", "O'Brien & Co"], publishedAt: new Date("2025-03-11T00:00:00Z"), primaryCategory: "cs.LG" },
      { id: "hep-th/9901001", title: "Old", authors: ["X"], publishedAt: null, primaryCategory: null },
    ]);
    const { entries, problems } = parseBibtex(bib);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.type, e.fields.eprint, e.fields.archiveprefix, e.fields.url])).toEqual([
      ["misc", "2503.08054", "arXiv", "https://arxiv.org/abs/2503.08054"],
      ["misc", "hep-th/9901001", "arXiv", "https://arxiv.org/abs/hep-th/9901001"],
    ]);
    expect(unescapeBibtex(entries[0]!.fields.title!)).toBe(title);
    expect(unescapeBibtex(entries[0]!.fields.author!)).toBe("Ada Lovelace and O'Brien & Co");
    expect(entries[0]!.fields.primaryclass).toBe("cs.LG");
    expect(entries[0]!.fields.year).toBe("2025");
    expect(entries.map(arxivIdOfEntry)).toEqual(["2503.08054", "hep-th/9901001"]);
  });
});

describe("the papers-I-know form", () => {
  it("joins pasted ids and BibTeX ids, and refuses too many or nothing at all", () => {
    const r = readKnownPapersForm("2503.08054 1706.03762", BIB);
    expect(r.ok && r.form.ids).toEqual(["2503.08054", "1706.03762", "2310.06825", "2402.12345"]);
    expect(r.ok && r.form.entriesWithoutId).toEqual(["nourl"]);
    const many = Array.from({ length: 201 }, (_, i) => `2501.${String(i).padStart(5, "0")}`).join("\n");
    expect(readKnownPapersForm(many, null)).toMatchObject({ ok: false, status: 400 });
    expect(readKnownPapersForm("  ", null)).toMatchObject({ ok: false, status: 400 });
    expect(readKnownPapersForm("", "x".repeat(600 * 1024))).toMatchObject({ ok: false, status: 413 });
  });
});
