// Muted words, muted authors and followed authors: how they are read from the preferences form and matched against
// a paper. Words match as whole phrases in the normalised title, abstract and keywords (as topic keywords do);
// authors match by name, whatever the case, accents kept.
import { normalise } from "@/lib/topics/assign-topics";

export interface ReaderFilters {
  mutedWords: string[];
  mutedAuthors: string[];
  followedAuthors: string[];
}

export const NO_FILTERS: ReaderFilters = { mutedWords: [], mutedAuthors: [], followedAuthors: [] };
export const MAX_FILTER_ENTRIES = 50;
const MAX_ENTRY_CHARS = 100;

export const hasFilters = (f: ReaderFilters) => f.mutedWords.length + f.mutedAuthors.length + f.followedAuthors.length > 0;

/** One entry a line (or comma-separated), trimmed, without control characters, duplicates or empty entries. */
export function parseFilterList(raw: unknown): string[] | null {
  if (raw === null || raw === undefined) return [];
  if (typeof raw !== "string") return null;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const piece of raw.split(/[\n,]+/)) {
    // eslint-disable-next-line no-control-regex
    const entry = piece.replace(/[\u0000-\u001f\u007f]/g, "").replace(/\s+/g, " ").trim();
    if (!entry) continue;
    if (entry.length > MAX_ENTRY_CHARS) return null;
    const key = entry.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out.length > MAX_FILTER_ENTRIES ? null : out;
}

export function searchText(p: { title: string; summary: string; aiKeywords: string[] }): string {
  return normalise(`${p.title} ${p.summary} ${p.aiKeywords.join(" ; ")}`);
}

/** `text` is searchText's result (spaces at both ends). */
export function matchesMutedWord(text: string, mutedWords: readonly string[]): boolean {
  return mutedWords.some((w) => {
    const k = normalise(w).trim();
    return k !== "" && text.includes(` ${k} `);
  });
}

const nameKey = (name: string) => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

export function mutedAuthorOf(authors: readonly string[], muted: readonly string[]): string | undefined {
  if (!muted.length) return undefined;
  const keys = new Set(muted.map(nameKey));
  return authors.find((a) => keys.has(nameKey(a)));
}

export function followedAuthorOf(authors: readonly string[], followed: readonly string[]): string | undefined {
  return mutedAuthorOf(authors, followed);
}
