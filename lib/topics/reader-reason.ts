// Why a paper was picked, in words a reader understands. Topic assignment (assign-topics.ts) stores its evidence
// tersely ("matched 'kv cache'; arXiv cs.CL", "weak match: arXiv cs.CV"), and the digest prefixes the topic name;
// a reader's learned ranking (lib/feedback/rank-for-reader.ts) adds pieces after REASON_SEPARATOR ("liked: Title",
// "follows: A. Author") and marks papers from outside the topics with SUGGESTION_PREFIX. Pages and mails show this
// reading of it instead.

/** Between the pieces of a stored reason. */
export const REASON_SEPARATOR = " | ";
/** A stored reason of a "You may also like" paper (outside the reader's topics) starts with this. */
export const SUGGESTION_PREFIX = "You may also like: ";

/** arXiv's own names for the categories the taxonomy uses (and a few neighbours); others are shown as their code. */
const ARXIV_NAMES: Record<string, string> = {
  "cs.AI": "Artificial Intelligence",
  "cs.AR": "Hardware Architecture",
  "cs.CL": "Computation and Language",
  "cs.CR": "Cryptography and Security",
  "cs.CV": "Computer Vision",
  "cs.DC": "Distributed Computing",
  "cs.GR": "Graphics",
  "cs.HC": "Human-Computer Interaction",
  "cs.IR": "Information Retrieval",
  "cs.LG": "Machine Learning",
  "cs.MA": "Multiagent Systems",
  "cs.RO": "Robotics",
  "cs.SD": "Sound",
  "cs.SE": "Software Engineering",
  "eess.AS": "Audio and Speech Processing",
  "eess.IV": "Image and Video Processing",
  "stat.ML": "Machine Learning (statistics)",
};

const quoteList = (items: string[]) => {
  const q = items.map((i) => `“${i}”`);
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q.at(-1)}`;
};

function evidence(stored: string): string {
  const parts: string[] = [];
  for (const piece of stored.split(/;\s*/)) {
    const matched = /^matched (.+)$/.exec(piece);
    if (matched) {
      const words = [...matched[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
      if (words.length) parts.push(`mentions ${quoteList(words)}`);
      continue;
    }
    const arxiv = /^arXiv (.+)$/.exec(piece);
    if (arxiv) {
      const names = arxiv[1]!.split(/,\s*/).map((c) => ARXIV_NAMES[c] ?? c);
      parts.push(`listed on arXiv under ${names.join(", ")}`);
      continue;
    }
    if (piece.trim()) parts.push(piece.trim());
  }
  return parts.join("; ");
}

/**
 * "LLM inference: matched 'kv cache'; arXiv cs.CL" -> "LLM inference: mentions “kv cache”; listed on arXiv under
 * Computation and Language". A weak match says it is only a loose fit. The topic prefix, if any, is kept.
 */
export function readerReason(stored: string): string {
  const body = stored.startsWith(SUGGESTION_PREFIX) ? stored.slice(SUGGESTION_PREFIX.length) : stored;
  const [first = "", ...more] = body.split(REASON_SEPARATOR);
  const pieces = [...(/^(liked|follows): /.test(first) ? [personal(first)] : first ? [topicReason(first)] : []), ...more.map(personal)];
  return pieces.filter(Boolean).join("; ");
}

/** "liked: Title" -> because you liked “Title”; "follows: A. Author" -> by A. Author, whom you follow. */
function personal(piece: string): string {
  const liked = /^liked: (.+)$/.exec(piece);
  if (liked) return `because you liked “${liked[1]}”`;
  const follows = /^follows: (.+)$/.exec(piece);
  if (follows) return `by ${follows[1]}, whom you follow`;
  return piece;
}

function topicReason(stored: string): string {
  const weak = /^(?:(.*?): )?weak match: (.*)$/.exec(stored);
  if (weak) {
    const [, topic, rest] = weak;
    const said = evidence(rest ?? "");
    return `${topic ? `${topic} (a loose fit)` : "A loose fit"}${said ? `: ${said}` : ""}`;
  }
  const strong = /^(?:(.*?): )?((?:matched |arXiv ).*)$/.exec(stored);
  if (strong) {
    const [, topic, rest] = strong;
    return `${topic ? `${topic}: ` : ""}${evidence(rest ?? "")}`;
  }
  return stored;
}
