// Long abstracts are folded on /papers: the first ~300 characters stay visible and the rest sits behind "More"
// (a <details>, so it works without JavaScript). Folding at a sentence end reads best; a word end is the fallback.
// The input is text already made readable (readableText), so no LaTeX is split and lengths are what a reader sees.

export interface FoldedAbstract {
  /** Shown at once; the whole text when nothing is folded. */
  lead: string;
  /** Behind "More"; empty when the abstract is short enough to show whole. */
  rest: string;
  /** True when the lead stops mid-sentence (the page shows an ellipsis). */
  midSentence: boolean;
}

export const FOLD_AT = 300;
// A sentence may run on a little past the target; folding off only a few words would save nothing.
const SENTENCE_SLACK = 120;
const MIN_REST = 60;

// ".", "?" or "!" (maybe closed by a quote or bracket), then space, then what starts a sentence. "e.g. the" and
// "et al. show" are followed by a lower-case letter, so they are not taken for sentence ends.
const SENTENCE_END = /[.!?]["'”’)\]]?\s+(?=[A-Z0-9"“'‘(\[])/g;

export function foldAbstract(text: string, target = FOLD_AT): FoldedAbstract {
  const whole = text.trim();
  if (whole.length <= target + MIN_REST) return { lead: whole, rest: "", midSentence: false };

  for (const m of whole.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].trimEnd().length;
    if (end < target * 0.6) continue;
    if (end > target + SENTENCE_SLACK) break;
    const rest = whole.slice(m.index + m[0].length);
    if (rest.length < MIN_REST) break;
    return { lead: whole.slice(0, end), rest, midSentence: false };
  }

  // No sentence ends near the target: the last space at or before it (a single long "word", such as a URL, is
  // shown whole rather than cut).
  const space = whole.slice(0, target + 1).search(/\s\S*$/);
  if (space <= 0) return { lead: whole, rest: "", midSentence: false };
  return { lead: whole.slice(0, space).trimEnd(), rest: whole.slice(space).trimStart(), midSentence: true };
}
