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
}

export const upvotesText = (n: number) => `${n} upvote${n === 1 ? "" : "s"}`;
