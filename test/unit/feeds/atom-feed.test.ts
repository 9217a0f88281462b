import { describe, expect, it } from "vitest";
import { atomFeed, type FeedDocument, type FeedEntry } from "@/lib/feeds/atom-feed";
import { parseAtom } from "../../helpers/atom";

const entry = (over: Partial<FeedEntry> = {}): FeedEntry => ({
  paperId: "2503.10622",
  title: "Transformers without Normalization",
  summary: "We show that ...",
  authors: ["Jiachen Zhu", "Kaiming He"],
  date: "2025-03-14",
  links: { abs: "https://arxiv.org/abs/2503.10622", pdf: "https://arxiv.org/pdf/2503.10622", hf: "https://huggingface.co/papers/2503.10622" },
  reason: "Vision: mentions “normalization”",
  categories: [{ term: "vision", label: "Vision" }],
  ...over,
});

const feed = (entries: FeedEntry[]): FeedDocument => ({
  selfUrl: "https://papers.example.org/feeds/papers",
  pageUrl: "https://papers.example.org/papers",
  title: "Paperboy: trending papers",
  subtitle: "Today's trending research papers, best first.",
  updated: new Date("2025-03-14T00:00:00Z"),
  entries,
});

describe("Atom feed", () => {
  it("is a valid Atom document with every entry's id, title, date, authors, link, reason and topics", () => {
    const parsed = parseAtom(atomFeed(feed([entry(), entry({ paperId: "2503.00001", links: { abs: "https://arxiv.org/abs/2503.00001", pdf: "p", hf: "h" }, authors: [] })])));
    expect(parsed.id).toBe("https://papers.example.org/feeds/papers");
    expect(parsed.self).toBe("https://papers.example.org/feeds/papers");
    expect(parsed.updated).toBe("2025-03-14T00:00:00.000Z");
    expect(parsed.entries.map((e) => e.id)).toEqual(["https://arxiv.org/abs/2503.10622", "https://arxiv.org/abs/2503.00001"]);
    const [first, second] = parsed.entries;
    expect(first).toMatchObject({ title: "Transformers without Normalization", updated: "2025-03-14T00:00:00Z", authors: ["Jiachen Zhu", "Kaiming He"], alternate: "https://arxiv.org/abs/2503.10622", categories: ["vision"] });
    expect(first!.summary.startsWith("Vision: mentions “normalization”\n\nWe show that")).toBe(true);
    // Atom requires an author on every entry when the feed has none.
    expect(second!.authors).toEqual(["Unknown"]);
  });

  it("carries markup, ampersands, quotes and characters XML forbids in paper text as plain text", () => {
    const hostile = entry({ title: `H$_2$O & <script>alert("x")</script> it's`, summary: "a\u0000b\u001Fc <b>bold</b>", authors: ["O'Brien & <Co>"] });
    const xml = atomFeed(feed([hostile]));
    expect(xml).not.toContain("<script>");
    const [parsed] = parseAtom(xml).entries;
    expect(parsed!.title).toBe(`H$_2$O & <script>alert("x")</script> it's`);
    expect(parsed!.summary).toContain("abc <b>bold</b>");
    expect(parsed!.authors).toEqual(["O'Brien & <Co>"]);
  });

  it("an empty day is still a valid feed", () => {
    expect(parseAtom(atomFeed(feed([]))).entries).toEqual([]);
  });
});
