// Atom 1.0 (RFC 4287) documents for the paper feeds. Pure: the callers load the papers and say why each is there.
import type { PaperCard } from "@/lib/papers/list-papers";

export interface FeedEntry {
  /** The arXiv id; the entry's id is its abstract URL, stable across days and feeds. */
  paperId: string;
  title: string;
  summary: string;
  authors: string[];
  /** When the paper was on the Daily Papers page (the entry's "updated"). */
  date: string | null;
  links: { abs: string; pdf: string; hf: string };
  /** Why the paper is in this feed, in words ("matched 'kv cache'"). */
  reason: string | null;
  categories: { term: string; label: string }[];
}

export interface FeedDocument {
  /** Absolute URL of this feed: its id and its rel="self" link. */
  selfUrl: string;
  /** The page a person would open instead (rel="alternate"). */
  pageUrl: string;
  title: string;
  subtitle: string;
  /** When the newest paper appeared; the feed's "updated". */
  updated: Date;
  entries: FeedEntry[];
}

export function feedEntry(card: PaperCard, reason: string | null): FeedEntry {
  return {
    paperId: card.id,
    title: card.title,
    summary: card.summary,
    authors: card.authors,
    date: card.dailyDate,
    links: card.links,
    reason,
    categories: card.topics.map((t) => ({ term: t.slug, label: t.name })),
  };
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

// Characters XML 1.0 forbids even escaped (upstream abstracts sometimes carry them).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlText(value: string): string {
  return value.replace(NOT_XML, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

function entryUpdated(entry: FeedEntry, fallback: Date): string {
  return entry.date ? `${entry.date}T00:00:00Z` : fallback.toISOString();
}

function entryXml(entry: FeedEntry, fallback: Date): string {
  const content = entry.reason ? `${entry.reason}\n\n${entry.summary}` : entry.summary;
  const authors = entry.authors.length ? entry.authors : ["Unknown"];
  return [
    "  <entry>",
    `    <id>${xmlText(entry.links.abs)}</id>`,
    `    <title>${xmlText(entry.title)}</title>`,
    `    <updated>${entryUpdated(entry, fallback)}</updated>`,
    ...authors.map((name) => `    <author><name>${xmlText(name)}</name></author>`),
    `    <link rel="alternate" type="text/html" href="${xmlText(entry.links.abs)}"/>`,
    `    <link rel="related" type="application/pdf" title="PDF" href="${xmlText(entry.links.pdf)}"/>`,
    `    <link rel="related" type="text/html" title="Hugging Face" href="${xmlText(entry.links.hf)}"/>`,
    ...entry.categories.map((c) => `    <category term="${xmlText(c.term)}" label="${xmlText(c.label)}"/>`),
    `    <summary type="text">${xmlText(content)}</summary>`,
    "  </entry>",
  ].join("\n");
}

export function atomFeed(feed: FeedDocument): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(feed.selfUrl)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    `  <subtitle>${xmlText(feed.subtitle)}</subtitle>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.pageUrl)}"/>`,
    "  <generator>Paperboy</generator>",
    ...feed.entries.map((e) => entryXml(e, feed.updated)),
    "</feed>",
    "",
  ].join("\n");
}
