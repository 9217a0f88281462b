// What a dry run shows: the selection for the first few subscribers of an edition, computed exactly as the fan-out
// would, without writing anything.
import type { Sql } from "@/lib/digest/pg-pool";
import type { Candidates } from "@/lib/digest/load-candidates";
import { selectForSubscriber, type Selection } from "@/lib/digest/select-papers";
import { learnedReaders, type ReaderSource } from "@/lib/feedback/reader-source";
import type { Frequency } from "@/lib/digest/frequency";
import { receivedPapers, recentEditionIds } from "@/lib/digest/received-papers";
import { countByStatus, firstDeliveries, type RecordedDelivery } from "@/lib/digest/delivery-store";

export interface PreviewRow {
  email: string;
  topics: string[];
  selection: Selection | null;
}

export async function previewSelections(
  sql: Sql,
  edition: { date: string; frequency: Frequency },
  candidates: Candidates,
  options: { topN: number; alsoTrending: number; skipEmpty: boolean; limit: number; readers?: ReaderSource },
): Promise<{ rows: PreviewRow[]; activeSubscribers: number }> {
  const subs = await sql.query<{ id: string; email: string; topics: number[] | null }>(
    `SELECT s.id, s.email, array_agg(st."topicId" ORDER BY st."topicId") FILTER (WHERE st."topicId" IS NOT NULL) AS topics
       FROM "Subscriber" s LEFT JOIN "SubscriberTopic" st ON st."subscriberId" = s.id
      WHERE s.status = 'ACTIVE' AND s.frequency = $1::"Frequency" AND (s."pausedUntil" IS NULL OR s."pausedUntil" <= now())
      GROUP BY s.id ORDER BY s.id LIMIT $2`,
    [edition.frequency, options.limit],
  );
  const total = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Subscriber" WHERE status = 'ACTIVE' AND frequency = $1::"Frequency" AND ("pausedUntil" IS NULL OR "pausedUntil" <= now())`,
    [edition.frequency],
  );
  const received = await receivedPapers(
    sql,
    await recentEditionIds(sql, edition),
    subs.rows.map((s) => s.id),
    candidates.papers.map((p) => p.id),
  );
  const learned = await learnedReaders(options.readers, subs.rows.map((s) => s.id));
  const rows: PreviewRow[] = [];
  for (const s of subs.rows) {
    const topics = s.topics ?? [];
    const selection = selectForSubscriber(
      candidates.papers,
      topics,
      received.get(s.id) ?? new Set<string>(),
      { ...options, topicNames: candidates.topicNames, weights: options.readers?.weights },
      learned.get(s.id),
    );
    rows.push({ email: s.email, topics: topics.map((t) => candidates.topicNames.get(t) ?? String(t)), selection });
  }
  return { rows, activeSubscribers: Number(total.rows[0]?.n ?? 0) };
}

/** What an edition that already exists gave its first few subscribers (a dry run shows this instead of a new pick). */
export async function recordedDeliveries(sql: Sql, editionId: string, limit: number): Promise<{ rows: RecordedDelivery[]; counts: Record<string, number> }> {
  const [rows, counts] = await Promise.all([firstDeliveries(sql, editionId, limit), countByStatus(sql, editionId)]);
  return { rows, counts };
}
