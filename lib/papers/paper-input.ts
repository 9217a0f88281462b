// The shape every source turns its items into before ingest: one arXiv paper, as Paperboy stores it.
export interface PaperInput {
  /** arXiv id without version, e.g. "2503.10622" (old-style ids such as "hep-th/9901001" are accepted too). */
  id: string;
  title: string;
  summary: string;
  authors: string[];
  publishedAt: Date | null;
  submittedOnDailyAt: Date | null;
  /** The Daily Papers list the paper was on ("YYYY-MM-DD"), null for arXiv-only papers. */
  dailyDate: string | null;
  upvotes: number;
  aiSummary: string | null;
  aiKeywords: string[];
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  numComments: number;
  thumbnail: string | null;
  source: "hf" | "file" | "arxiv";
}

/** Metadata only arXiv has: categories and the latest version. */
export interface ArxivMeta {
  id: string;
  version: number;
  title: string;
  summary: string;
  authors: string[];
  publishedAt: Date | null;
  updatedAt: Date | null;
  primaryCategory: string | null;
  categories: string[];
}

export const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;

/** "2503.10622v2" -> { id: "2503.10622", version: 2 }; undefined when it is not an arXiv id. */
export function splitArxivId(raw: string): { id: string; version: number | null } | undefined {
  const m = /^(.+?)(?:v(\d+))?$/.exec(raw.trim());
  if (!m || !ARXIV_ID.test(m[1]!)) return undefined;
  return { id: m[1]!, version: m[2] ? Number(m[2]) : null };
}
