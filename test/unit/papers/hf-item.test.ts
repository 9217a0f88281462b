import { describe, expect, it } from "vitest";
import { parseHfItem } from "@/lib/papers/hf-item";
import { retryAfterMs } from "@/lib/papers/http-fetch";
import { parseArxivAtom } from "@/lib/papers/arxiv-atom";
import { recordedHfItems } from "../../helpers/papers-server";

describe("parseHfItem", () => {
  const item = recordedHfItems()[0]!;

  it("maps a recorded daily_papers item", () => {
    const r = parseHfItem(item, "hf", "2025-03-14");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.paper.id).toMatch(/^2503\.\d{5}$/);
    expect(r.paper.dailyDate).toBe("2025-03-14");
    expect(r.paper.authors.length).toBeGreaterThan(1);
    expect(r.paper.aiKeywords.length).toBeGreaterThan(0);
    expect(r.paper.thumbnail).toMatch(/^https:\/\/cdn-thumbnails\.huggingface\.co\//);
  });

  it("strips a version from the id and takes the title from the outer item when paper.title is missing", () => {
    const x = structuredClone(item) as { paper: Record<string, unknown>; title: string };
    x.paper.id = "2503.10622v3";
    delete x.paper.title;
    const r = parseHfItem(x, "hf");
    expect(r).toMatchObject({ ok: true, paper: { id: "2503.10622", title: x.title } });
    expect(r.ok && r.paper.dailyDate).toBe((item as { paper: { submittedOnDailyAt: string } }).paper.submittedOnDailyAt.slice(0, 10));
  });

  it("reports what is wrong with a bad item", () => {
    const noTitle = structuredClone(item) as { paper: Record<string, unknown>; title?: string };
    delete noTitle.paper.title;
    delete noTitle.title;
    expect(parseHfItem(noTitle, "hf")).toMatchObject({ ok: false, reason: "missing title" });
    expect(parseHfItem({ paper: { id: 42 } }, "hf")).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid item: paper\.id/) });
    expect(parseHfItem({ paper: { id: "2503.1", title: "t", summary: "s", upvotes: -1 } }, "hf")).toMatchObject({ ok: false, reason: expect.stringMatching(/upvotes/) });
    expect(parseHfItem(null, "hf")).toMatchObject({ ok: false, id: undefined });
  });
});

describe("retryAfterMs", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it("reads seconds, HTTP dates and an exhausted RateLimit header", () => {
    expect(retryAfterMs(h({ "retry-after": "7" }))).toBe(7000);
    expect(retryAfterMs(h({ "retry-after": new Date(10_000 + 5_000).toUTCString() }), 10_000)).toBe(5000);
    expect(retryAfterMs(h({ ratelimit: '"api";r=0;t=42' }))).toBe(42_000);
    expect(retryAfterMs(h({ ratelimit: '"api";r=10;t=42' }))).toBeUndefined();
    expect(retryAfterMs(h({}))).toBeUndefined();
  });
});

describe("parseArxivAtom", () => {
  it("reads ids, versions and categories, and reports arXiv's error entries", () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
      <entry><id>http://arxiv.org/abs/2503.10622v2</id><title>H$_2$O &amp; friends</title><summary> An
      abstract. </summary><published>2025-03-13T17:59:06Z</published><author><name>A. Author</name></author>
      <arxiv:primary_category term="cs.CL"/><category term="cs.LG"/><category term="cs.CL"/></entry>
      <entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title><summary>incorrect id format for 1234</summary></entry>
    </feed>`;
    const feed = parseArxivAtom(xml);
    expect(feed.entries).toEqual([
      expect.objectContaining({ id: "2503.10622", version: 2, title: "H$_2$O & friends", summary: "An abstract.", categories: ["cs.CL", "cs.LG"], primaryCategory: "cs.CL", authors: ["A. Author"] }),
    ]);
    expect(feed.problems).toEqual(["Error: incorrect id format for 1234"]);
    expect(() => parseArxivAtom(xml.slice(0, 300))).toThrow(/not a complete Atom feed/);
  });
});
