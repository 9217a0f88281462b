// What the fan-out needs to rank for readers who taught their digest something: per page of subscribers, the
// profiles, filters and liked papers of those who have any (the others are absent and keep the plain selection),
// and, loaded once per edition and only when a first such reader turns up, the candidates' vectors and texts.
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { corpusIdf, PAPER_TEXT_SELECT } from "@/lib/feedback/corpus-idf";
import { filtersOf } from "@/lib/feedback/filters-store";
import { paperVector, type SparseVector } from "@/lib/feedback/paper-vector";
import { profilesOf } from "@/lib/feedback/profile-store";
import type { PaperSignals, RankingWeights, ReaderContext } from "@/lib/feedback/rank-for-reader";
import { NO_FILTERS, searchText } from "@/lib/feedback/reader-filters";
import { rankingWeights } from "@/lib/feedback/ranking-weights";
import type { LearnedReader } from "@/lib/digest/select-papers";

/** Liked papers per reader that a pick's reason may name (the most recent). */
const LIKED_FOR_REASONS = 50;

export interface ReaderSource {
  weights: RankingWeights;
  forPage(subscriberIds: string[]): Promise<Map<string, ReaderContext>>;
  signals(): Promise<Map<string, PaperSignals>>;
}

/** The readers of `ids` who taught their digest something, each with what their order is ranked with. */
export async function learnedReaders(source: ReaderSource | undefined, ids: string[]): Promise<Map<string, LearnedReader>> {
  if (!source) return new Map();
  const contexts = await source.forPage(ids);
  if (contexts.size === 0) return new Map();
  const signals = await source.signals();
  return new Map([...contexts].map(([id, reader]) => [id, { reader, signals }]));
}

export function readerSource(db: Db, sql: Sql, candidateIds: string[], weights: RankingWeights = rankingWeights()): ReaderSource {
  const vectors = new Map<string, SparseVector>();
  let signals: Promise<Map<string, PaperSignals>> | undefined;
  return {
    weights,
    signals() {
      signals ??= (async () => {
        const idf = await corpusIdf(db);
        const rows = await db.paper.findMany({ where: { id: { in: candidateIds } }, select: { id: true, ...PAPER_TEXT_SELECT } });
        return new Map(rows.map((p) => [p.id, { vector: paperVector(p, idf), authors: p.authors, text: searchText(p) }]));
      })();
      return signals;
    },
    async forPage(ids) {
      const [profiles, filters] = await Promise.all([profilesOf(sql, ids), filtersOf(sql, ids)]);
      const out = new Map<string, ReaderContext>();
      const learned = [...profiles.keys()];
      const liked = new Map<string, { title: string; vector: SparseVector }[]>();
      if (learned.length) {
        const idf = await corpusIdf(db);
        const [votes, saved, known] = await Promise.all([
          db.paperVote.findMany({ where: { subscriberId: { in: learned }, value: "MORE" }, orderBy: { updatedAt: "desc" }, select: { subscriberId: true, paper: { select: { id: true, ...PAPER_TEXT_SELECT } } } }),
          db.savedPaper.findMany({ where: { subscriberId: { in: learned } }, orderBy: { createdAt: "desc" }, select: { subscriberId: true, paper: { select: { id: true, ...PAPER_TEXT_SELECT } } } }),
          db.knownPaper.findMany({ where: { subscriberId: { in: learned } }, orderBy: { createdAt: "desc" }, select: { subscriberId: true, paper: { select: { id: true, ...PAPER_TEXT_SELECT } } } }),
        ]);
        for (const row of [...votes, ...saved, ...known]) {
          const list = liked.get(row.subscriberId) ?? [];
          if (list.length >= LIKED_FOR_REASONS || list.some((l) => l.title === row.paper.title)) continue;
          let v = vectors.get(row.paper.id);
          if (!v) vectors.set(row.paper.id, (v = paperVector(row.paper, idf)));
          list.push({ title: row.paper.title, vector: v });
          liked.set(row.subscriberId, list);
        }
      }
      for (const id of new Set([...learned, ...filters.keys()])) {
        out.set(id, { profile: profiles.get(id) ?? null, liked: liked.get(id) ?? [], filters: filters.get(id) ?? NO_FILTERS });
      }
      return out;
    },
  };
}
