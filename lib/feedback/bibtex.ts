// A small BibTeX reader and writer, enough for "Start from papers I know" and the saved-papers export. Reading is
// forgiving entry by entry: each entry starts at a line beginning with "@", so one broken entry (unbalanced braces,
// a missing "=") is reported by its key or line and the entries after it are still read.
import { arxivIdOf } from "@/lib/feedback/arxiv-ids";

export interface BibEntry {
  type: string;
  key: string;
  /** 1-based line of the "@". */
  line: number;
  /** Field names lower-cased; values with their outer braces or quotes removed. */
  fields: Record<string, string>;
}

export interface BibProblem {
  /** The entry's key when it could be read, else null (then `line` names it). */
  key: string | null;
  line: number;
  message: string;
}

export interface BibFile {
  entries: BibEntry[];
  problems: BibProblem[];
}

const SKIPPED_TYPES = new Set(["comment", "preamble", "string"]);

class Malformed extends Error {}

/** Parses one entry's text (from "@" to just before the next entry). */
function parseEntry(text: string, line: number): BibEntry | "skip" {
  let i = 1;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const typeMatch = /^[A-Za-z]+/.exec(text.slice(i));
  if (!typeMatch) throw new Malformed("no entry type after @");
  const type = typeMatch[0].toLowerCase();
  i += typeMatch[0].length;
  ws();
  const open = text[i];
  if (open !== "{" && open !== "(") throw new Malformed(`expected "{" after @${type}`);
  if (SKIPPED_TYPES.has(type)) return "skip";
  const close = open === "{" ? "}" : ")";
  i++;
  ws();
  const keyMatch = /^[^,\s{}()="#]+/.exec(text.slice(i));
  if (!keyMatch) throw new Malformed("the entry has no key");
  const key = keyMatch[0];
  i += key.length;
  ws();
  // "@misc{ title = ..." : what looked like a key is the first field's name.
  if (text[i] === "=") throw new Malformed("the entry has no key");
  const fail = (message: string): never => {
    throw Object.assign(new Malformed(message), { key });
  };
  const fields: Record<string, string> = {};
  for (;;) {
    ws();
    if (text[i] === close) break;
    if (text[i] !== ",") fail(i >= text.length ? `the entry is not closed with "${close}"` : `expected "," or "${close}"`);
    i++;
    ws();
    if (text[i] === close) break;
    const nameMatch = /^[A-Za-z][\w:.+-]*/.exec(text.slice(i));
    if (!nameMatch) fail(i >= text.length ? `the entry is not closed with "${close}"` : "expected a field name");
    const name = nameMatch![0].toLowerCase();
    i += name.length;
    ws();
    if (text[i] !== "=") fail(`expected "=" after ${name}`);
    i++;
    let value = "";
    for (;;) {
      ws();
      const c = text[i];
      if (c === "{" || c === '"') {
        const start = ++i;
        let depth = 0;
        while (i < text.length && !(depth === 0 && text[i] === (c === "{" ? "}" : '"'))) {
          if (text[i] === "\\") i++;
          else if (text[i] === "{") depth++;
          else if (text[i] === "}") {
            if (depth === 0) fail(`unbalanced braces in ${name}`);
            depth--;
          }
          i++;
        }
        if (i >= text.length) fail(`unbalanced braces in ${name}`);
        value += text.slice(start, i);
        i++;
      } else {
        const bare = /^[\w.:/+-]+/.exec(text.slice(i));
        if (!bare) fail(`expected a value for ${name}`);
        value += bare![0];
        i += bare![0].length;
      }
      ws();
      if (text[i] !== "#") break;
      i++;
    }
    fields[name] = value.replace(/\s+/g, " ").trim();
  }
  return { type, key, line, fields };
}

export function parseBibtex(text: string): BibFile {
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [];
  const starts: number[] = [];
  for (const m of text.matchAll(/^[ \t]*@/gm)) starts.push(m.index + m[0].length - 1);
  starts.forEach((start, n) => {
    const chunk = text.slice(start, starts[n + 1] ?? text.length).trimEnd();
    const line = text.slice(0, start).split("\n").length;
    try {
      const e = parseEntry(chunk, line);
      if (e !== "skip") entries.push(e);
    } catch (err) {
      if (!(err instanceof Malformed)) throw err;
      problems.push({ key: (err as Malformed & { key?: string }).key ?? null, line, message: err.message });
    }
  });
  return { entries, problems };
}

/** The arXiv id an entry names through eprint, arxiv/arxivid, url, doi or a journal like "arXiv preprint arXiv:...". */
export function arxivIdOfEntry(e: BibEntry): string | undefined {
  const f = e.fields;
  const prefix = (f.archiveprefix ?? f.eprinttype ?? "").toLowerCase();
  const candidates = [f.eprint && (prefix === "" || prefix === "arxiv") ? f.eprint : undefined, f.arxiv, f.arxivid, f.url, f.doi];
  for (const c of candidates) {
    const id = c ? arxivIdOf(c) : undefined;
    if (id) return id;
  }
  const journal = /arxiv:\s*(\S+)/i.exec(f.journal ?? f.note ?? "");
  return journal ? arxivIdOf(journal[1]!) : undefined;
}

const SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  "&": "\\&",
  "%": "\\%",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
};

/** Text as a literal BibTeX field value: LaTeX specials escaped, white space collapsed. */
export function escapeBibtex(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/[\\{}&%$#_~^]/g, (c) => SPECIALS[c]!);
}

/** The inverse of escapeBibtex (for reading our own export back). */
export function unescapeBibtex(value: string): string {
  return value
    .replace(/\\textbackslash\{\}/g, "\\")
    .replace(/\\textasciitilde\{\}/g, "~")
    .replace(/\\textasciicircum\{\}/g, "^")
    .replace(/\\([{}&%$#_])/g, "$1");
}

export interface BibPaper {
  id: string;
  title: string;
  authors: string[];
  publishedAt: Date | null;
  primaryCategory: string | null;
}

/** One @misc entry per paper, in the form arXiv's own "Export BibTeX citation" gives. */
export function bibtexOf(papers: readonly BibPaper[]): string {
  return papers
    .map((p) => {
      const fields: [string, string][] = [
        ["title", escapeBibtex(p.title)],
        ["author", p.authors.map(escapeBibtex).join(" and ")],
        ...(p.publishedAt ? ([["year", String(p.publishedAt.getUTCFullYear())]] as [string, string][]) : []),
        ["eprint", escapeBibtex(p.id)],
        ["archivePrefix", "arXiv"],
        ...(p.primaryCategory ? ([["primaryClass", escapeBibtex(p.primaryCategory)]] as [string, string][]) : []),
        ["url", `https://arxiv.org/abs/${p.id}`],
      ];
      const key = `arxiv-${p.id.replace(/[^A-Za-z0-9.-]/g, "-")}`;
      return `@misc{${key},\n${fields.map(([k, v]) => `  ${k} = {${v}},`).join("\n")}\n}\n`;
    })
    .join("\n");
}
