// Parses arXiv API responses (Atom 1.0 with arxiv: and opensearch: extensions) into ArxivMeta.
import { XMLParser } from "fast-xml-parser";
import { splitArxivId, type ArxivMeta } from "@/lib/papers/paper-input";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  isArray: (name) => ["entry", "author", "category", "link"].includes(name),
  textNodeName: "#text",
  // Titles like "H$_2$O" must come through untouched.
  processEntities: true,
  parseTagValue: false,
});

type Node = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === "string" ? v : v && typeof v === "object" ? String((v as Node)["#text"] ?? "") : "");
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const date = (s: string) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : null);

export interface AtomFeed {
  totalResults: number | null;
  entries: ArxivMeta[];
  /** Entries that could not be read (arXiv reports a bad id as an entry titled "Error"). */
  problems: string[];
}

export function parseArxivAtom(xml: string): AtomFeed {
  if (!/<feed[\s>]/.test(xml) || !/<\/feed>\s*$/.test(xml)) throw new Error("not a complete Atom feed");
  const doc = parser.parse(xml) as { feed?: Node };
  const feed = doc.feed;
  if (!feed) throw new Error("not an Atom feed");
  const entries: ArxivMeta[] = [];
  const problems: string[] = [];
  for (const e of (feed.entry as Node[] | undefined) ?? []) {
    const rawId = text(e.id).replace(/^https?:\/\/arxiv\.org\/abs\//, "");
    const split = splitArxivId(rawId);
    if (!split) {
      problems.push(`${squash(text(e.title)) || "entry"}: ${squash(text(e.summary)).slice(0, 120) || rawId}`);
      continue;
    }
    const cats = ((e.category as Node[] | undefined) ?? []).map((c) => String(c["@_term"] ?? "")).filter(Boolean);
    const primary = e.primary_category ? String((e.primary_category as Node)["@_term"] ?? "") || null : null;
    entries.push({
      id: split.id,
      version: split.version ?? 1,
      title: squash(text(e.title)),
      summary: squash(text(e.summary)),
      authors: ((e.author as Node[] | undefined) ?? []).map((a) => squash(text(a.name))).filter(Boolean),
      publishedAt: date(text(e.published)),
      updatedAt: date(text(e.updated)),
      primaryCategory: primary,
      categories: [...new Set(primary ? [primary, ...cats] : cats)],
    });
  }
  const total = Number(text(feed.totalResults));
  return { totalResults: Number.isFinite(total) && text(feed.totalResults) !== "" ? total : null, entries, problems };
}
