// One paper as a digest shows it, the same in the mail and on the public edition page: a plain shape both render.
export interface DigestPaperCard {
  id: string;
  title: string;
  authors: string;
  summary?: string;
  reason?: string;
  upvotes: number;
  url: string;
  arxivUrl: string;
  githubUrl?: string;
  /** The reader's own feedback links (in a mail only; the public edition page has none). */
  feedback?: FeedbackLinks;
}

export interface FeedbackLinks {
  more: string;
  less: string;
  save: string;
}

/** A paper's three links share one signed base (lib/tokens): the action is the last path segment. */
export const feedbackLinksOf = (base: string): FeedbackLinks => ({ more: `${base}/more`, less: `${base}/less`, save: `${base}/save` });

export const FEEDBACK_LABELS = { more: "More like this", less: "Less like this", save: "Save" } as const;

export const upvotesText = (n: number) => `${n} upvote${n === 1 ? "" : "s"}`;
