// "View in browser": an edition's digest as a web page. With a content key (from the mail's link) it shows exactly
// the paper list of that mail; without one, the edition's top papers. Nothing personal: a content key names a list
// of papers shared by everyone who got it, and the page carries no manage or unsubscribe links.
import type { Db } from "@/lib/db";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { dateLabel, toCard, type PaperForMail } from "@/lib/digest/digest-content";
import type { DigestPaperCard } from "@/lib/digest/digest-paper-card";
import type { Frequency } from "@/lib/digest/frequency";
import { findEditionById, listEditionsSentToReaders } from "@/lib/digest/edition-store";
import { contentOfGroup } from "@/lib/digest/delivery-store";

export interface EditionView {
  id: string;
  dateLabel: string;
  frequency: Frequency;
  papers: DigestPaperCard[];
  alsoTrending: DigestPaperCard[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function editionView(db: Db, editionId: string, contentKey?: string): Promise<EditionView | null> {
  if (!UUID.test(editionId)) return null;
  const edition = await findEditionById(db, editionId);
  if (!edition) return null;
  const { date } = edition;

  let paperIds: string[] = [];
  let reasons: string[] = [];
  let alsoIds: string[] = [];
  const delivery =
    contentKey && /^[A-Za-z0-9_-]{10,64}$/.test(contentKey)
      ? await contentOfGroup(db, editionId, contentKey)
      : null;
  if (delivery) {
    ({ paperIds, reasons, alsoTrendingIds: alsoIds } = delivery);
  } else {
    const candidates = await loadCandidates(db, date, edition.frequency);
    paperIds = candidates.papers.slice(0, 10).map((p) => p.id);
  }
  const rows = await db.paper.findMany({
    where: { id: { in: [...paperIds, ...alsoIds] } },
    select: { id: true, title: true, summary: true, authors: true, upvotes: true, githubRepo: true },
  });
  const byId = new Map<string, PaperForMail>(rows.map((r) => [r.id, r]));
  const cards = (ids: string[], withReasons: boolean) =>
    ids.flatMap((id, i) => {
      const p = byId.get(id);
      return p ? [toCard(p, withReasons ? reasons[i] : undefined, withReasons)] : [];
    });
  return { id: edition.id, dateLabel: dateLabel(date), frequency: edition.frequency, papers: cards(paperIds, true), alsoTrending: cards(alsoIds, false) };
}

export interface PublicEdition {
  id: string;
  date: string;
  dateLabel: string;
  frequency: Frequency;
}

/**
 * The archive: editions that are finished (DONE) and went to at least one reader, newest first. An edition still
 * sending, or one that sent nothing (skipped, or closed empty), is not a past digest anyone received.
 */
export async function listPublicEditions(db: Db, limit = 100): Promise<PublicEdition[]> {
  const rows = await listEditionsSentToReaders(db, limit);
  return rows.map((r) => ({ ...r, dateLabel: dateLabel(r.date) }));
}
