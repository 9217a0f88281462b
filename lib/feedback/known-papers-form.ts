// The "Start from papers I know" form: a textarea of arXiv ids and an optional BibTeX file, read together into one
// list of ids, with what could not be read named so the reader can fix it.
import { MAX_KNOWN_IDS, parseArxivIdList } from "@/lib/feedback/arxiv-ids";
import { arxivIdOfEntry, parseBibtex, type BibProblem } from "@/lib/feedback/bibtex";

/** The largest BibTeX file (and request) the form accepts. */
export const MAX_BIBTEX_BYTES = 512 * 1024;

export interface KnownPapersForm {
  ids: string[];
  /** Pasted pieces that are not arXiv ids. */
  unrecognised: string[];
  /** Malformed BibTeX entries. */
  bibtexProblems: BibProblem[];
  /** Keys of well-formed entries that name no arXiv id. */
  entriesWithoutId: string[];
}

export type KnownPapersFormResult =
  | { ok: true; form: KnownPapersForm }
  | { ok: false; status: 400 | 413; message: string };

export function readKnownPapersForm(pasted: string, bibtex: string | null): KnownPapersFormResult {
  if (bibtex !== null && Buffer.byteLength(bibtex) > MAX_BIBTEX_BYTES) {
    return { ok: false, status: 413, message: `The BibTeX file is too large: at most ${MAX_BIBTEX_BYTES / 1024} KB, please.` };
  }
  const { ids, unrecognised } = parseArxivIdList(pasted);
  const all = new Set(ids);
  const bib = bibtex ? parseBibtex(bibtex) : { entries: [], problems: [] };
  const entriesWithoutId: string[] = [];
  for (const e of bib.entries) {
    const id = arxivIdOfEntry(e);
    if (id) all.add(id);
    else entriesWithoutId.push(e.key);
  }
  if (all.size > MAX_KNOWN_IDS) {
    return { ok: false, status: 400, message: `That names ${all.size} papers; please send at most ${MAX_KNOWN_IDS} at a time.` };
  }
  if (all.size === 0 && !unrecognised.length && !bib.problems.length && !entriesWithoutId.length) {
    return { ok: false, status: 400, message: "Please paste some arXiv ids or choose a BibTeX file." };
  }
  return { ok: true, form: { ids: [...all], unrecognised, bibtexProblems: bib.problems, entriesWithoutId } };
}
