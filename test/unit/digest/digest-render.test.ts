// The digest template and the shared MIME template: HTML + text from PreviewProps, Gmail's size limit with the
// longest digest, and per-subscriber filling that a real MIME parser reads back exactly.
import { describe, expect, it } from "vitest";
import { simpleParser } from "mailparser";
import { render } from "@react-email/render";
import { createElement } from "react";
import DailyDigest from "@/emails/daily-digest";
import { buildContentTemplate, HTML_BUDGET_BYTES, renderDigest, type PaperForMail } from "@/lib/digest/digest-content";
import { buildMimeTemplate, fillMimeTemplate, PLACEHOLDER } from "@/lib/digest/mime-template";
import { signToken, verifyToken } from "@/lib/tokens/tokens";

const keys = { current: "k".repeat(32), previous: [] as string[] };
const reader = "0b6f1b2e-7a44-4a8e-9d1c-2f3e4a5b6c7d";
/** A reader's real feedback link base for a paper of the test edition (the same length as the sender's). */
const feedbackBase = (paperId: string) =>
  `${settings.appUrl}/feedback/${signToken({ purpose: "feedback", subscriberId: reader, editionId: "00000000-0000-4000-8000-000000000001", paperId }, keys)}`;

const settings = { appUrl: "https://paperboy.example.org", postalAddress: "1 Example Street, Exampleton", from: "Paperboy Digest <digest@paperboy.example.org>", listId: "paperboy.example.org" };

function papers(n: number, summaryChars = 2000): Map<string, PaperForMail> {
  return new Map(
    Array.from({ length: n }, (_, i) => {
      const id = `2503.${String(10000 + i)}`;
      return [id, { id, title: `A long title about $\\alpha$-divergences number ${i} `.repeat(3), summary: "word ".repeat(summaryChars / 5), authors: ["A. Author", "B. Author", "C. Author", "D. Author"], upvotes: 100 - i, githubRepo: "https://github.com/example/repo" }];
    }),
  );
}

const input = (ids: string[]) => ({
  editionId: "00000000-0000-4000-8000-000000000001",
  date: "2025-03-14",
  frequency: "DAILY" as const,
  paperIds: ids.slice(0, -3),
  reasons: ids.slice(0, -3).map(() => "Reasoning: matched 'proof'"),
  alsoTrendingIds: ids.slice(-3),
  contentKey: "abc",
});

describe("daily digest template", () => {
  it("renders HTML and plain text from its PreviewProps", async () => {
    const html = await render(createElement(DailyDigest, DailyDigest.PreviewProps));
    const text = await render(createElement(DailyDigest, DailyDigest.PreviewProps), { plainText: true });
    expect(html).toContain("Also trending");
    expect(html).toContain(DailyDigest.PreviewProps.unsubscribeUrl);
    expect(text).toContain("Sample paper 1");
    expect(text).toContain(DailyDigest.PreviewProps.postalAddress);
  });

  it("stays under Gmail's 102 KB clipping limit with the feedback links filled in, even with 50 papers", async () => {
    for (const n of [13, 53]) {
      const p = papers(n);
      const t = await buildContentTemplate(input([...p.keys()]), p, settings);
      expect(t.feedbackPaperIds).toEqual([...p.keys()]);
      const m = await simpleParser(
        fillMimeTemplate(t, {
          to: "ada@example.org",
          messageId: "<d1@paperboy.example.org>",
          manageUrl: `https://paperboy.example.org/manage/${"m".repeat(120)}.sig`,
          unsubscribeUrl: `https://paperboy.example.org/unsubscribe/${"u".repeat(150)}.sig`,
          feedbackUrls: t.feedbackPaperIds.map(feedbackBase),
        }),
      );
      expect(Buffer.byteLength(String(m.html)), `${n} papers`).toBeLessThan(102 * 1024);
      // A normal digest has them on every paper, in both parts; a very long one on as many of its first papers as fit.
      const linked = [...p.keys()].filter((id) => String(m.html).includes(`href="${feedbackBase(id)}/more"`));
      if (n === 13) expect(linked).toEqual([...p.keys()]);
      else expect(linked).toEqual([...p.keys()].slice(0, linked.length));
      expect(linked.length).toBeGreaterThan(n === 13 ? 12 : 10);
      for (const id of linked) for (const action of ["more", "less", "save"]) {
        expect(String(m.html)).toContain(`href="${feedbackBase(id)}/${action}"`);
        expect(m.text).toContain(`${feedbackBase(id)}/${action}`);
      }
    }
  });

  it("stays under Gmail's 102 KB clipping limit even with 50 papers and long abstracts", async () => {
    const p = papers(53);
    const r = await renderDigest(input([...p.keys()]), p, settings, { manageUrl: "https://x/m", unsubscribeUrl: "https://x/u" });
    expect(Buffer.byteLength(r.html)).toBeLessThan(HTML_BUDGET_BYTES);
    expect(r.text.length).toBeGreaterThan(1000);
    // A normal digest keeps its abstracts.
    const small = papers(13);
    const r2 = await renderDigest(input([...small.keys()]), small, settings, { manageUrl: "https://x/m", unsubscribeUrl: "https://x/u" });
    expect(r2.html).toContain("word word");
    expect(r2.html).toContain("α-divergences");
  });
});

describe("MIME template", () => {
  it("fills per-subscriber values into a shared render that parses back exactly", async () => {
    const p = papers(13);
    const t = await buildContentTemplate(input([...p.keys()]), p, settings);
    const manage = `https://paperboy.example.org/manage/${"m".repeat(120)}.sig-_x`;
    const unsub = `https://paperboy.example.org/unsubscribe/${"u".repeat(150)}.sig-_y`;
    const raw = fillMimeTemplate(t, { to: "ada@example.org", messageId: "<d1@paperboy.example.org>", manageUrl: manage, unsubscribeUrl: unsub, feedbackUrls: t.feedbackPaperIds.map(feedbackBase) });
    // SMTP line limit, and QP's 76.
    for (const line of raw.toString("latin1").split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
    const m = await simpleParser(raw);
    expect(m.to && !Array.isArray(m.to) ? m.to.text : "").toBe("ada@example.org");
    expect(m.messageId).toBe("<d1@paperboy.example.org>");
    expect(m.subject).toBe(t.subject);
    expect(raw.toString("latin1")).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(raw.toString("latin1")).toContain(`List-Unsubscribe: <${unsub}>`);
    expect(String(m.html)).toContain(`href="${unsub}"`);
    expect(String(m.html)).toContain(`href="${manage}"`);
    expect(m.text).toContain(unsub);
    expect(m.text).toContain(manage);
    expect(String(m.html) + m.text).not.toContain("placeholder.invalid");
    expect(String(m.html)).toContain("α-divergences");
    // Every paper's three links carry that reader's token for that paper; a message without them is refused.
    const bases = [...String(m.html).matchAll(/href="([^"]*\/feedback\/[^"/]+)\/(more|less|save)"/g)];
    expect(bases).toHaveLength(13 * 3);
    expect(new Set(bases.map((b) => verifyToken(b[1]!.split("/").pop(), "feedback", { keys })?.paperId))).toEqual(new Set(p.keys()));
    expect(() => fillMimeTemplate(t, { to: "ada@example.org", messageId: "<d1@x>", manageUrl: manage, unsubscribeUrl: unsub })).toThrow();
    expect(m.from?.value[0]).toMatchObject({ name: "Paperboy Digest", address: "digest@paperboy.example.org" });
  });

  it("encodes non-ASCII subjects and sender names, and refuses header injection", async () => {
    const t = buildMimeTemplate({ from: "Pâperboy <d@x.org>", subject: "Heute: 3 Artikel über Ähnlichkeit", listId: "x.org", listName: "Paperboy" }, `<p><a href="${PLACEHOLDER.unsubscribe}">u</a></p>`, `u ${PLACEHOLDER.manage}`);
    const ok = { to: "a@x.org", messageId: "<1@x.org>", manageUrl: "https://x.org/m", unsubscribeUrl: "https://x.org/u" };
    const m = await simpleParser(fillMimeTemplate(t, ok));
    expect(m.subject).toBe("Heute: 3 Artikel über Ähnlichkeit");
    expect(m.from?.value[0]?.name).toBe("Pâperboy");
    expect(() => fillMimeTemplate(t, { ...ok, to: "a@x.org\r\nBcc: evil@x.org" })).toThrow();
    expect(() => fillMimeTemplate(t, { ...ok, unsubscribeUrl: "https://x.org/u>\r\nX: y" })).toThrow();
  });
});
