// Shared rendering: one React Email render (HTML, and plain text derived from it) per distinct paper list, cached
// per process, turned into a MIME template with holes for the per-subscriber links.
import { render } from "@react-email/render";
import { createElement } from "react";
import DailyDigest, { digestSubject, digestText, type DailyDigestProps } from "@/emails/daily-digest";
import { feedbackLinksOf, type DigestPaperCard } from "@/lib/digest/digest-paper-card";
import { signToken } from "@/lib/tokens/tokens";
import { readableText } from "@/lib/papers/readable-text";
import { readerReason, SUGGESTION_PREFIX } from "@/lib/topics/reader-reason";
import { buildMimeTemplate, PLACEHOLDER, type MimeTemplate } from "@/lib/digest/mime-template";
import type { Sql } from "@/lib/digest/pg-pool";
import type { Frequency } from "@/lib/digest/frequency";

/** Gmail clips HTML parts over 102 KB; stay clearly under it (counting the real links, not their placeholders). */
export const HTML_BUDGET_BYTES = 100 * 1024;

/** The links a digest carries for its reader: real ones, or the template's placeholders. */
export interface DigestLinks {
  manageUrl: string;
  unsubscribeUrl: string;
  /** The feedback link base of a paper (index: its place among the mail's papers); absent = no feedback links. */
  feedbackBase?: (paperId: string, index: number) => string | undefined;
}

const ZERO_UUID = "00000000-0000-4000-8000-000000000000";

/** How long a reader's feedback link base will be: its token's length depends on the paper id alone. */
export function feedbackBaseLength(appUrl: string, paperId: string): number {
  return `${appUrl}/feedback/${signToken({ purpose: "feedback", subscriberId: ZERO_UUID, editionId: ZERO_UUID, paperId }, { current: "length-only", previous: [] })}`.length;
}
const SUMMARY_CHARS = 320;

export interface PaperForMail {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  upvotes: number;
  githubRepo: string | null;
}

export interface ContentInput {
  editionId: string;
  date: string;
  frequency: Frequency;
  paperIds: string[];
  reasons: string[];
  alsoTrendingIds: string[];
  contentKey: string;
}

export interface RenderSettings {
  appUrl: string;
  postalAddress: string;
  from: string;
  listId: string;
}

export function dateLabel(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

export function viewInBrowserUrl(appUrl: string, editionId: string, contentKey: string): string {
  return `${appUrl}/editions/${editionId}?v=${encodeURIComponent(contentKey)}`;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function authorLine(authors: string[]): string {
  if (authors.length <= 3) return authors.join(", ") || "Unknown authors";
  return `${authors.slice(0, 3).join(", ")} et al.`;
}

export function toCard(p: PaperForMail, reason: string | undefined, withSummary: boolean, feedbackBase?: string): DigestPaperCard {
  const summary = withSummary ? shorten(readableText(p.summary), SUMMARY_CHARS) : undefined;
  return {
    id: p.id,
    title: readableText(p.title),
    authors: authorLine(p.authors),
    ...(summary ? { summary } : {}),
    ...(reason ? { reason: readerReason(reason) } : {}),
    upvotes: p.upvotes,
    url: `https://huggingface.co/papers/${encodeURIComponent(p.id)}`,
    arxivUrl: `https://arxiv.org/abs/${encodeURIComponent(p.id)}`,
    ...(p.githubRepo && /^https:\/\//.test(p.githubRepo) ? { githubUrl: p.githubRepo } : {}),
    ...(feedbackBase ? { feedback: feedbackLinksOf(feedbackBase) } : {}),
  };
}

/** The papers a digest shows, in mail order (its own, then "also trending"): the feedback links' index. */
export function mailPaperIds(input: Pick<ContentInput, "paperIds" | "alsoTrendingIds">, papers: Map<string, PaperForMail>): string[] {
  return [...input.paperIds, ...input.alsoTrendingIds].filter((id) => papers.has(id));
}

export function digestProps(
  input: ContentInput,
  papers: Map<string, PaperForMail>,
  settings: Pick<RenderSettings, "appUrl" | "postalAddress">,
  links: DigestLinks,
  compact = false,
): DailyDigestProps {
  const pick = (ids: string[]) => ids.map((id) => papers.get(id)).filter((p): p is PaperForMail => p !== undefined);
  const reasonOf = new Map(input.paperIds.map((id, i) => [id, input.reasons[i]]));
  const order = new Map(mailPaperIds(input, papers).map((id, i) => [id, i]));
  const base = (id: string) => links.feedbackBase?.(id, order.get(id)!);
  // Papers from outside the reader's topics (their learned "You may also like") have a section of their own.
  const suggested = (id: string) => reasonOf.get(id)?.startsWith(SUGGESTION_PREFIX) === true;
  return {
    dateLabel: dateLabel(input.date),
    frequency: input.frequency,
    papers: pick(input.paperIds.filter((id) => !suggested(id))).map((p) => toCard(p, reasonOf.get(p.id), !compact, base(p.id))),
    suggestions: pick(input.paperIds.filter(suggested)).map((p) => toCard(p, reasonOf.get(p.id), !compact, base(p.id))),
    // The short section: titles and authors only.
    alsoTrending: pick(input.alsoTrendingIds).map((p) => toCard(p, undefined, false, base(p.id))),
    viewInBrowserUrl: viewInBrowserUrl(settings.appUrl, input.editionId, input.contentKey),
    postalAddress: settings.postalAddress,
    manageUrl: links.manageUrl,
    unsubscribeUrl: links.unsubscribeUrl,
  };
}

/** Bytes the HTML grows by once each feedback placeholder is replaced by the reader's real link base. */
function feedbackGrowth(html: string, input: ContentInput, papers: Map<string, PaperForMail>, links: DigestLinks, appUrl: string): number {
  if (!links.feedbackBase) return 0;
  let growth = 0;
  mailPaperIds(input, papers).forEach((id, i) => {
    const shown = links.feedbackBase!(id, i);
    if (!shown) return;
    const uses = html.split(shown).length - 1;
    growth += uses * Math.max(0, feedbackBaseLength(appUrl, id) - shown.length);
  });
  return growth;
}

/** Renders HTML and text; drops abstracts when a long list would push the HTML over Gmail's clipping size. */
export async function renderDigest(
  input: ContentInput,
  papers: Map<string, PaperForMail>,
  settings: Pick<RenderSettings, "appUrl" | "postalAddress">,
  links: DigestLinks,
): Promise<{ html: string; text: string; props: DailyDigestProps }> {
  const size = (h: string, l: DigestLinks) => Buffer.byteLength(h, "utf8") + feedbackGrowth(h, input, papers, l, settings.appUrl);
  let props = digestProps(input, papers, settings, links);
  let html = await render(createElement(DailyDigest, props));
  if (size(html, links) > HTML_BUDGET_BYTES) {
    props = digestProps(input, papers, settings, links, true);
    html = await render(createElement(DailyDigest, props));
  }
  const all = links.feedbackBase ? mailPaperIds(input, papers).length : 0;
  if (all > 0 && size(html, links) > HTML_BUDGET_BYTES) {
    // Still too long (a very long list): feedback links on as many of the first papers (the reader's own come
    // first) as fit, estimated from what the links cost per paper and checked by rendering again.
    const bare = await render(createElement(DailyDigest, digestProps(input, papers, settings, { ...links, feedbackBase: () => undefined }, true)));
    const perPaper = Math.max(1, (size(html, links) - Buffer.byteLength(bare, "utf8")) / all);
    for (let keep = Math.floor((HTML_BUDGET_BYTES - Buffer.byteLength(bare, "utf8")) / perPaper); ; keep--) {
      const some: DigestLinks = { ...links, feedbackBase: (id, i) => (i < keep ? links.feedbackBase!(id, i) : undefined) };
      props = digestProps(input, papers, settings, some, true);
      html = await render(createElement(DailyDigest, props));
      if (keep <= 0 || size(html, some) <= HTML_BUDGET_BYTES) break;
    }
  }
  const text = digestText(props);
  return { html, text, props };
}

export async function buildContentTemplate(
  input: ContentInput,
  papers: Map<string, PaperForMail>,
  settings: RenderSettings,
): Promise<MimeTemplate & { subject: string }> {
  const { html, text, props } = await renderDigest(input, papers, settings, {
    manageUrl: PLACEHOLDER.manage,
    unsubscribeUrl: PLACEHOLDER.unsubscribe,
    feedbackBase: (_id, index) => PLACEHOLDER.feedback(index),
  });
  const subject = digestSubject(props);
  const template = buildMimeTemplate(
    { from: settings.from, subject, listId: settings.listId, listName: input.frequency === "WEEKLY" ? "Paperboy weekly digest" : "Paperboy daily digest" },
    html,
    text,
    mailPaperIds(input, papers),
  );
  return { ...template, subject };
}

/** Papers by id, read once per process (they do not change during an edition). */
export class PaperCache {
  private readonly papers = new Map<string, PaperForMail>();
  constructor(private readonly sql: Sql) {}

  async get(ids: string[]): Promise<Map<string, PaperForMail>> {
    const missing = ids.filter((id) => !this.papers.has(id));
    if (missing.length) {
      const rows = await this.sql.query<PaperForMail>(
        `SELECT id, title, summary, authors, upvotes, "githubRepo" FROM "Paper" WHERE id = ANY($1::text[])`,
        [missing],
      );
      for (const r of rows.rows) this.papers.set(r.id, r);
    }
    const out = new Map<string, PaperForMail>();
    for (const id of ids) {
      const p = this.papers.get(id);
      if (p) out.set(id, p);
    }
    return out;
  }
}
