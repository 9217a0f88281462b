// The reader's profile: rebuilt from all their votes, saved papers and papers they named (Prisma) whenever one changes, and read by the
// fan-out in pages (pg). Personal data: exported with the rest, removed with the subscriber (cascade).
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { corpusIdf, PAPER_TEXT_SELECT } from "@/lib/feedback/corpus-idf";
import { paperVector, rocchioProfile, type SparseVector } from "@/lib/feedback/paper-vector";

/** The most recent feedback a profile is built from: old tastes fade out. */
export const PROFILE_FEEDBACK_LIMIT = 300;

export interface ReaderProfile {
  vector: SparseVector;
  positives: number;
  negatives: number;
}

export async function rebuildProfile(db: Db, subscriberId: string): Promise<ReaderProfile | null> {
  const [votes, saved, known] = await Promise.all([
    db.paperVote.findMany({ where: { subscriberId }, orderBy: { updatedAt: "desc" }, take: PROFILE_FEEDBACK_LIMIT, select: { value: true, paper: { select: { id: true, ...PAPER_TEXT_SELECT } } } }),
    db.savedPaper.findMany({ where: { subscriberId }, orderBy: { createdAt: "desc" }, take: PROFILE_FEEDBACK_LIMIT, select: { paper: { select: { id: true, ...PAPER_TEXT_SELECT } } } }),
    db.knownPaper.findMany({ where: { subscriberId }, orderBy: { createdAt: "desc" }, take: PROFILE_FEEDBACK_LIMIT, select: { paper: { select: { id: true, ...PAPER_TEXT_SELECT } } } }),
  ]);
  // Papers the reader named as ones they know count as liked, like a save.
  const positive = new Map([...known, ...saved].map((s) => [s.paper.id, s.paper]));
  const negative = new Map<string, (typeof votes)[number]["paper"]>();
  for (const v of votes) (v.value === "MORE" ? positive : negative).set(v.paper.id, v.paper);
  // A paper saved and voted "less" says both: the save is the stronger statement.
  for (const id of positive.keys()) negative.delete(id);
  if (positive.size === 0 && negative.size === 0) {
    await db.readerProfile.deleteMany({ where: { subscriberId } });
    return null;
  }
  const idf = await corpusIdf(db);
  const vector = rocchioProfile([...positive.values()].map((p) => paperVector(p, idf)), [...negative.values()].map((p) => paperVector(p, idf)));
  const data = { features: [...vector.keys()], weights: [...vector.values()], positives: positive.size, negatives: negative.size, updatedAt: new Date() };
  await db.readerProfile.upsert({ where: { subscriberId }, create: { subscriberId, ...data }, update: data });
  return { vector, positives: positive.size, negatives: negative.size };
}

export interface ProfileExport {
  positives: number;
  negatives: number;
  updatedAt: string;
  /** The hashed features and their weights, as stored. */
  features: { feature: number; weight: number }[];
}

export async function profileForExport(db: Db, subscriberId: string): Promise<ProfileExport | null> {
  const p = await db.readerProfile.findUnique({ where: { subscriberId } });
  if (!p) return null;
  return {
    positives: p.positives,
    negatives: p.negatives,
    updatedAt: p.updatedAt.toISOString(),
    features: p.features.map((feature, i) => ({ feature, weight: p.weights[i] ?? 0 })),
  };
}

/** The profiles of a page of subscribers, for the fan-out; subscribers without feedback are absent. */
export async function profilesOf(sql: Sql, subscriberIds: string[]): Promise<Map<string, ReaderProfile>> {
  const rows = await sql.query<{ s: string; features: number[]; weights: number[]; positives: number; negatives: number }>(
    `SELECT "subscriberId" AS s, features, weights, positives, negatives FROM "ReaderProfile" WHERE "subscriberId" = ANY($1::uuid[])`,
    [subscriberIds],
  );
  return new Map(
    rows.rows.map((r) => [r.s, { vector: new Map(r.features.map((f, i) => [f, Number(r.weights[i] ?? 0)])), positives: r.positives, negatives: r.negatives }]),
  );
}
