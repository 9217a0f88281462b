// Shared rendering: one React Email render (HTML, and plain text derived from it) per distinct paper list, cached
// per process, turned into a MIME template with holes for the per-subscriber links.
import { render } from "@react-email/render";
import { createElement } from "react";
import DailyDigest, { digestSubject, digestText, type DailyDigestProps } from "@/emails/daily-digest";
import type { DigestPaperCard } from "@/lib/digest/digest-paper-card";
import { readableText } from "@/lib/papers/readable-text";
import { readerReason } from "@/lib/topics/reader-reason";
import { buildMimeTemplate, PLACEHOLDER, type MimeTemplate } from "@/lib/digest/mime-template";
import type { Sql } from "@/lib/digest/pg-pool";
import type { Frequency } from "@/lib/digest/frequency";

/** Gmail clips HTML parts over 102 KB; stay clearly under it. */
export const HTML_BUDGET_BYTES = 100 * 1024;
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

export function toCard(p: PaperForMail, reason: string | undefined, withSummary: boolean): DigestPaperCard {
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
  };
}

export function digestProps(
  input: ContentInput,
  papers: Map<string, PaperForMail>,
  settings: Pick<RenderSettings, "appUrl" | "postalAddress">,
  links: { manageUrl: string; unsubscribeUrl: string },
  compact = false,
): DailyDigestProps {
  const pick = (ids: string[]) => ids.map((id) => papers.get(id)).filter((p): p is PaperForMail => p !== undefined);
  const reasonOf = new Map(input.paperIds.map((id, i) => [id, input.reasons[i]]));
  return {
    dateLabel: dateLabel(input.date),
    frequency: input.frequency,
    papers: pick(input.paperIds).map((p) => toCard(p, reasonOf.get(p.id), !compact)),
    // The short section: titles and authors only.
    alsoTrending: pick(input.alsoTrendingIds).map((p) => toCard(p, undefined, false)),
    viewInBrowserUrl: viewInBrowserUrl(settings.appUrl, input.editionId, input.contentKey),
    postalAddress: settings.postalAddress,
    ...links,
  };
}

/** Renders HTML and text; drops abstracts when a long list would push the HTML over Gmail's clipping size. */
export async function renderDigest(
  input: ContentInput,
  papers: Map<string, PaperForMail>,
  settings: Pick<RenderSettings, "appUrl" | "postalAddress">,
  links: { manageUrl: string; unsubscribeUrl: string },
): Promise<{ html: string; text: string; props: DailyDigestProps }> {
  let props = digestProps(input, papers, settings, links);
  let html = await render(createElement(DailyDigest, props));
  if (Buffer.byteLength(html, "utf8") > HTML_BUDGET_BYTES) {
    props = digestProps(input, papers, settings, links, true);
    html = await render(createElement(DailyDigest, props));
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
  });
  const subject = digestSubject(props);
  const template = buildMimeTemplate(
    { from: settings.from, subject, listId: settings.listId, listName: input.frequency === "WEEKLY" ? "Paperboy weekly digest" : "Paperboy daily digest" },
    html,
    text,
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
