// "What would this subscriber get, and why": the console's look at one reader's mail in one edition, found by their
// exact address. Once the fan-out gave them a delivery, its recorded papers; before (or if they were not in it), the
// papers the fan-out would pick for them now, by the same rule (selectForSubscriber). Nothing is written or sent.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Sql } from "@/lib/digest/pg-pool";
import { findEditionById, type EditionRow } from "@/lib/digest/edition-store";
import { deliveryOfSubscriber } from "@/lib/digest/delivery-store";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { receivedPapers, recentEditionIds } from "@/lib/digest/received-papers";
import { selectForSubscriber } from "@/lib/digest/select-papers";
import { learnedReaders, readerSource } from "@/lib/feedback/reader-source";
import { papersByIds } from "@/lib/papers/list-papers";
import { maskEmail } from "@/lib/subscribers/mask-email";
import { appendAudit } from "@/lib/admin/admin-store";
import { subscriberByExactAddress } from "@/lib/admin/subscriber-admin";
import type { Operator } from "@/lib/admin/session";
import { readerReason } from "@/lib/topics/reader-reason";

export interface PreviewPaper {
  id: string;
  title: string;
  /** In the reader's words ("Matches your topic …", "because you liked …"); absent in "also trending". */
  reason?: string;
}

export interface SubscriberPreview {
  edition: EditionRow;
  subscriber: { id: string; email: string; status: string; frequency: string; pausedUntil: string | null; topics: string[] };
  /** "recorded": the delivery the fan-out wrote; "computed": what the fan-out would pick for them now. */
  source: "recorded" | "computed";
  deliveryStatus: string | null;
  /** Why they get no mail from this edition, or why what is shown is not what they were sent; null when neither. */
  note: string | null;
  papers: PreviewPaper[];
  alsoTrending: PreviewPaper[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The subscriber with exactly this address (its canonical form), or null: no partial matches, by design. The look
 * is audited either way, with the address masked.
 */
export async function findReaderForPreview(
  db: Db,
  editionId: string,
  raw: unknown,
  operator: Pick<Operator, "email">,
  client: { ip: string; userAgent: string },
): Promise<string | null> {
  const found = await subscriberByExactAddress(db, raw);
  await appendAudit(db, {
    actor: operator.email,
    action: "previewed an edition for a reader",
    target: `edition ${editionId}`,
    detail: found?.id ? `${maskEmail(found.key)} (${found.id})` : "no subscriber has that address",
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return found?.id ?? null;
}

export async function previewEditionFor(deps: { db: Db; sql: Sql }, editionId: string, subscriberId: string, now = new Date()): Promise<SubscriberPreview | null> {
  if (!UUID.test(editionId) || !UUID.test(subscriberId)) return null;
  const [edition, s] = await Promise.all([
    findEditionById(deps.db, editionId),
    deps.db.subscriber.findUnique({
      where: { id: subscriberId },
      select: {
        id: true,
        email: true,
        status: true,
        frequency: true,
        pausedUntil: true,
        topics: { select: { topicId: true, topic: { select: { name: true } } }, orderBy: { topicId: "asc" } },
      },
    }),
  ]);
  if (!edition || !s) return null;
  const subscriber = {
    id: s.id,
    email: s.email,
    status: s.status,
    frequency: s.frequency,
    pausedUntil: s.pausedUntil && s.pausedUntil > now ? s.pausedUntil.toISOString().slice(0, 10) : null,
    topics: s.topics.map((t) => t.topic.name),
  };

  const recorded = await deliveryOfSubscriber(deps.db, editionId, subscriberId);
  if (recorded) {
    const nothing = recorded.paperIds.length === 0 && recorded.alsoTrendingIds.length === 0;
    return {
      edition,
      subscriber,
      source: "recorded",
      deliveryStatus: recorded.status,
      note: nothing ? `No mail: ${recorded.lastError ?? "nothing to send"}.` : null,
      ...(await titled(deps.db, recorded.paperIds, recorded.reasons, recorded.alsoTrendingIds)),
    };
  }

  const left = whyLeftOut(subscriber, edition);
  const fannedOut = edition.status !== "FANNING_OUT";
  const note = left
    ? `Not in this edition: ${left}. Shown: what they would get if they were.`
    : fannedOut
      ? "Not in this edition: they were not an active reader of it when it was prepared. Shown: what they would get now."
      : null;
  const e = env();
  const candidates = await loadCandidates(deps.db, edition.date, edition.frequency);
  const candidateIds = candidates.papers.map((p) => p.id);
  const received = await receivedPapers(deps.sql, await recentEditionIds(deps.sql, edition), [s.id], candidateIds);
  const readers = readerSource(deps.db, deps.sql, candidateIds);
  const learned = await learnedReaders(readers, [s.id]);
  const selection = selectForSubscriber(
    candidates.papers,
    s.topics.map((t) => t.topicId),
    received.get(s.id) ?? new Set(),
    { topN: e.DIGEST_TOP_N, alsoTrending: e.DIGEST_ALSO_TRENDING, skipEmpty: e.DIGEST_SKIP_EMPTY, topicNames: candidates.topicNames, weights: readers.weights },
    learned.get(s.id),
  );
  const papers = selection ? await titled(deps.db, selection.paperIds, selection.reasons, selection.alsoTrendingIds) : { papers: [], alsoTrending: [] };
  return {
    edition,
    subscriber,
    source: "computed",
    deliveryStatus: null,
    note: selection ? note : [note, "No mail: nothing new in their topics."].filter(Boolean).join(" "),
    ...papers,
  };
}

function whyLeftOut(s: SubscriberPreview["subscriber"], edition: EditionRow): string | null {
  if (s.status !== "ACTIVE") return `they are ${s.status.toLowerCase()}, not active`;
  if (s.frequency !== edition.frequency) return `they get the ${s.frequency.toLowerCase()} edition`;
  if (s.pausedUntil) return `their mail is paused until ${s.pausedUntil}`;
  return null;
}

async function titled(db: Db, paperIds: string[], reasons: string[], alsoIds: string[]): Promise<{ papers: PreviewPaper[]; alsoTrending: PreviewPaper[] }> {
  const cards = new Map((await papersByIds(db, [...paperIds, ...alsoIds])).map((c) => [c.id, c.title]));
  return {
    papers: paperIds.map((id, i) => ({ id, title: cards.get(id) ?? id, ...(reasons[i] ? { reason: readerReason(reasons[i]) } : {}) })),
    alsoTrending: alsoIds.map((id) => ({ id, title: cards.get(id) ?? id })),
  };
}
