// A reader's saved papers on the preferences page: the list, "remove", and the BibTeX download.
import type { Db } from "@/lib/db";
import { bibtexOf } from "@/lib/feedback/bibtex";
import { undoFeedback } from "@/lib/feedback/feedback-store";
import { rebuildProfile } from "@/lib/feedback/profile-store";
import { paperLinks } from "@/lib/papers/list-papers";

export interface SavedPaperRow {
  id: string;
  title: string;
  url: string;
  savedAt: Date;
}

export async function savedPapersOf(db: Db, subscriberId: string): Promise<SavedPaperRow[]> {
  const rows = await db.savedPaper.findMany({ where: { subscriberId }, orderBy: { createdAt: "desc" }, select: { createdAt: true, paper: { select: { id: true, title: true } } } });
  return rows.map((r) => ({ id: r.paper.id, title: r.paper.title, url: paperLinks(r.paper.id).abs, savedAt: r.createdAt }));
}

/** True when the paper was saved (and is no longer); the profile follows at once, as after an undo in the mail. */
export async function removeSavedPaper(db: Db, subscriberId: string, paperId: unknown): Promise<boolean> {
  if (typeof paperId !== "string" || paperId.length > 64) return false;
  const removed = await undoFeedback(db, { subscriberId, paperId }, "save");
  if (removed) await rebuildProfile(db, subscriberId);
  return removed;
}

export async function savedPapersBibtex(db: Db, subscriberId: string): Promise<string> {
  const rows = await db.savedPaper.findMany({
    where: { subscriberId },
    orderBy: { createdAt: "asc" },
    select: { paper: { select: { id: true, title: true, authors: true, publishedAt: true, arxivCategories: true } } },
  });
  return bibtexOf(rows.map(({ paper: p }) => ({ id: p.id, title: p.title, authors: p.authors, publishedAt: p.publishedAt, primaryCategory: p.arxivCategories[0] ?? null })));
}
