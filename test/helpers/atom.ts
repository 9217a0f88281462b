// Reads an Atom document the way a feed reader would, and checks what RFC 4287 requires of it: a well-formed XML
// document whose feed and every entry have an id, a title and an RFC 3339 "updated", an author for every entry
// (the feed has none of its own), and a link to the entry's page.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface ParsedEntry {
  id: string;
  title: string;
  updated: string;
  authors: string[];
  alternate: string;
  summary: string;
  categories: string[];
}

export interface ParsedFeed {
  id: string;
  title: string;
  updated: string;
  self: string;
  entries: ParsedEntry[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => ["entry", "author", "link", "category"].includes(name),
  parseTagValue: false,
  textNodeName: "#text",
});

type Node = Record<string, unknown>;
const text = (v: unknown) => (typeof v === "string" ? v : String((v as Node | undefined)?.["#text"] ?? ""));

function required(value: string, what: string): string {
  if (!value) throw new Error(`Atom: missing ${what}`);
  return value;
}

function updated(value: unknown, what: string): string {
  const v = required(text(value), `${what} updated`);
  if (!RFC3339.test(v)) throw new Error(`Atom: ${what} updated "${v}" is not an RFC 3339 date-time`);
  return v;
}

export function parseAtom(xml: string): ParsedFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Atom: not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const feed = (parser.parse(xml) as { feed?: Node }).feed;
  if (!feed || feed.xmlns !== "http://www.w3.org/2005/Atom") throw new Error("Atom: no feed element in the Atom namespace");
  const links = (feed.link as Node[] | undefined) ?? [];
  const entries = ((feed.entry as Node[] | undefined) ?? []).map((e, i) => {
    const authors = ((e.author as Node[] | undefined) ?? []).map((a) => text(a.name));
    if (authors.length === 0 || authors.some((a) => !a)) throw new Error(`Atom: entry ${i} has no author`);
    const alternate = ((e.link as Node[] | undefined) ?? []).find((l) => (l.rel ?? "alternate") === "alternate");
    return {
      id: required(text(e.id), `entry ${i} id`),
      title: required(text(e.title), `entry ${i} title`),
      updated: updated(e.updated, `entry ${i}`),
      authors,
      alternate: required(String(alternate?.href ?? ""), `entry ${i} alternate link`),
      summary: text(e.summary),
      categories: ((e.category as Node[] | undefined) ?? []).map((c) => String(c.term)),
    };
  });
  return {
    id: required(text(feed.id), "feed id"),
    title: required(text(feed.title), "feed title"),
    updated: updated(feed.updated, "feed"),
    self: String(links.find((l) => l.rel === "self")?.href ?? ""),
    entries,
  };
}
