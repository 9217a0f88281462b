// arXiv ids as readers paste them: bare ("2503.08054"), prefixed ("arXiv:2503.08054v2"), as abs/pdf links, as the
// arXiv DOI (10.48550/arXiv.2503.08054), or old-style ("hep-th/9901001"). Versions are dropped: a paper is one row.
import { splitArxivId } from "@/lib/papers/paper-input";

/** Ids one submission may name (pasted and uploaded together). */
export const MAX_KNOWN_IDS = 200;

/** The arXiv id (without version) that a string names, or undefined. */
export function arxivIdOf(raw: string): string | undefined {
  let s = raw.trim().replace(/^[<("'[]+|[>)"'\].,;]+$/g, "");
  const doi = /(?:^|doi\.org\/|^doi:\s*)10\.48550\/arxiv\.(.+)$/i.exec(s);
  if (doi) s = doi[1]!;
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(s);
  if (url) s = url[1]!;
  s = s.replace(/^arxiv:\s*/i, "");
  return splitArxivId(s)?.id;
}

export interface ParsedIds {
  /** Distinct ids in the order first named. */
  ids: string[];
  /** The pieces that name no arXiv id, as typed (shortened). */
  unrecognised: string[];
}

/** Reads a pasted list: ids separated by white space, commas or semicolons. */
export function parseArxivIdList(text: string): ParsedIds {
  const ids = new Set<string>();
  const unrecognised: string[] = [];
  for (const piece of text.replace(/arxiv:\s+/gi, "arXiv:").split(/[\s,;]+/)) {
    if (!piece) continue;
    const id = arxivIdOf(piece);
    if (id) ids.add(id);
    else unrecognised.push(piece.length > 60 ? `${piece.slice(0, 57)}...` : piece);
  }
  return { ids: [...ids], unrecognised };
}
