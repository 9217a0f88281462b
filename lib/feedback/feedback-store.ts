// Every read and write of a reader's votes and saved papers (Prisma). A vote is one row per (subscriber, paper): the
// same vote again changes nothing, the opposite one replaces it, an undo removes it only if it is still that vote.
import type { Db } from "@/lib/db";
import { profileForExport, type ProfileExport } from "@/lib/feedback/profile-store";
import { readFilters } from "@/lib/feedback/filters-store";
import type { ReaderFilters } from "@/lib/feedback/reader-filters";

export type FeedbackAction = "more" | "less" | "save";
export const FEEDBACK_ACTIONS: readonly FeedbackAction[] = ["more", "less", "save"];

const VALUE = { more: "MORE", less: "LESS" } as const;

export interface FeedbackTarget {
  subscriberId: string;
  paperId: string;
  editionId: string;
}

/** True when something changed. */
export async function applyFeedback(db: Db, t: FeedbackTarget, action: FeedbackAction): Promise<boolean> {
  if (action === "save") {
    const r = await db.$executeRaw`
      INSERT INTO "SavedPaper" ("subscriberId", "paperId", "editionId") VALUES (${t.subscriberId}::uuid, ${t.paperId}, ${t.editionId}::uuid)
      ON CONFLICT DO NOTHING`;
    return r > 0;
  }
  // One statement: insert, or replace only a different vote (a repeat touches nothing, not even updatedAt).
  const value = VALUE[action];
  const r = await db.$executeRaw`
    INSERT INTO "PaperVote" ("subscriberId", "paperId", "value", "editionId") VALUES (${t.subscriberId}::uuid, ${t.paperId}, ${value}::"VoteValue", ${t.editionId}::uuid)
    ON CONFLICT ("subscriberId", "paperId") DO UPDATE SET "value" = EXCLUDED."value", "editionId" = EXCLUDED."editionId", "updatedAt" = now()
    WHERE "PaperVote"."value" <> EXCLUDED."value"`;
  return r > 0;
}

/** Removes that vote (or the save); a vote that was since replaced by the opposite one stays. */
export async function undoFeedback(db: Db, t: Pick<FeedbackTarget, "subscriberId" | "paperId">, action: FeedbackAction): Promise<boolean> {
  const where = { subscriberId: t.subscriberId, paperId: t.paperId };
  if (action === "save") return (await db.savedPaper.deleteMany({ where })).count > 0;
  return (await db.paperVote.deleteMany({ where: { ...where, value: VALUE[action] } })).count > 0;
}

export interface PaperForFeedback {
  id: string;
  title: string;
  authors: string[];
}

export async function paperForFeedback(db: Db, paperId: string): Promise<PaperForFeedback | null> {
  return db.paper.findUnique({ where: { id: paperId }, select: { id: true, title: true, authors: true } });
}

/** What the reader told us about this paper so far (shown on the link's page). */
export async function feedbackState(db: Db, subscriberId: string, paperId: string): Promise<{ vote: "more" | "less" | null; saved: boolean }> {
  const [vote, saved] = await Promise.all([
    db.paperVote.findUnique({ where: { subscriberId_paperId: { subscriberId, paperId } }, select: { value: true } }),
    db.savedPaper.count({ where: { subscriberId, paperId } }),
  ]);
  return { vote: vote ? (vote.value === "MORE" ? "more" : "less") : null, saved: saved > 0 };
}

export interface FeedbackExport {
  votes: { paperId: string; title: string; vote: "more" | "less"; at: string }[];
  savedPapers: { paperId: string; title: string; at: string }[];
  /** Papers named on the preferences page ("Start from papers I know"), counted as liked. */
  knownPapers: { paperId: string; title: string; at: string }[];
  /** What the votes and saved papers taught: the hashed features of the profile and their weights. */
  profile: ProfileExport | null;
  /** Muted words and authors, followed authors. */
  filters: ReaderFilters;
}

export async function feedbackForExport(db: Db, subscriberId: string): Promise<FeedbackExport> {
  const [votes, saved, known, profile, filters] = await Promise.all([
    db.paperVote.findMany({ where: { subscriberId }, orderBy: { updatedAt: "asc" }, select: { paperId: true, value: true, updatedAt: true, paper: { select: { title: true } } } }),
    db.savedPaper.findMany({ where: { subscriberId }, orderBy: { createdAt: "asc" }, select: { paperId: true, createdAt: true, paper: { select: { title: true } } } }),
    db.knownPaper.findMany({ where: { subscriberId }, orderBy: { createdAt: "asc" }, select: { paperId: true, createdAt: true, paper: { select: { title: true } } } }),
    profileForExport(db, subscriberId),
    readFilters(db, subscriberId),
  ]);
  return {
    votes: votes.map((v) => ({ paperId: v.paperId, title: v.paper.title, vote: v.value === "MORE" ? "more" : "less", at: v.updatedAt.toISOString() })),
    savedPapers: saved.map((s) => ({ paperId: s.paperId, title: s.paper.title, at: s.createdAt.toISOString() })),
    knownPapers: known.map((k) => ({ paperId: k.paperId, title: k.paper.title, at: k.createdAt.toISOString() })),
    profile,
    filters,
  };
}
