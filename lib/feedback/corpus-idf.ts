// The document frequencies the TF-IDF vectors are weighed with, from the most recent papers. Rare words are what
// tell papers apart, and that changes slowly, so one process keeps them for a while instead of reading the papers
// for every vote.
import type { Db } from "@/lib/db";
import { buildIdf, type Idf, type PaperFeatureText } from "@/lib/feedback/paper-vector";

/** Papers the frequencies are counted over (the newest first). */
export const IDF_CORPUS_PAPERS = 5000;
const KEEP_MS = 10 * 60_000;

export const PAPER_TEXT_SELECT = { title: true, summary: true, aiKeywords: true, arxivCategories: true, authors: true } as const;

let cached: { idf: Idf; at: number; db: Db } | undefined;

export async function corpusIdf(db: Db, now = Date.now()): Promise<Idf> {
  if (cached && cached.db === db && now - cached.at < KEEP_MS) return cached.idf;
  const papers: PaperFeatureText[] = await db.paper.findMany({ orderBy: { firstSeenAt: "desc" }, take: IDF_CORPUS_PAPERS, select: PAPER_TEXT_SELECT });
  cached = { idf: buildIdf(papers), at: now, db };
  return cached.idf;
}

/** After papers were loaded in bulk (tests, the evaluation), so that the next read counts them. */
export function forgetCorpusIdf(): void {
  cached = undefined;
}
