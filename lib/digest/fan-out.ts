// Fan-out: one delivery row per (edition, active subscriber), written before anything is sent. Pages through
// subscribers by primary key (keyset: `id > last`, never OFFSET, so rows added or removed during the run cannot
// shift a page). No progress cursor is kept anywhere: the delivery rows themselves are the progress, so a rerun
// after a crash skips the subscribers that already have a row and writes the rest (ON CONFLICT DO NOTHING makes
// two concurrent runs harmless too).
import type { Sql } from "@/lib/digest/pg-pool";
import type { Candidates } from "@/lib/digest/load-candidates";
import { selectForSubscriber } from "@/lib/digest/select-papers";
import { learnedReaders, type ReaderSource } from "@/lib/feedback/reader-source";
import type { Frequency } from "@/lib/digest/frequency";
import { receivedPapers, recentEditionIds } from "@/lib/digest/received-papers";
import { insertDeliveries, subscribersWithDelivery, type NewDelivery } from "@/lib/digest/delivery-store";

export interface FanOutOptions {
  topN: number;
  alsoTrending: number;
  skipEmpty: boolean;
  pageSize?: number;
  /** Readers who voted or set filters get their learned order; without it (or for everyone else) the plain one. */
  readers?: ReaderSource;
}

export interface FanOutResult {
  subscribers: number;
  pending: number;
  skipped: number;
  contentGroups: number;
}


export async function fanOut(
  sql: Sql,
  edition: { id: string; date: string; frequency: Frequency },
  candidates: Candidates,
  options: FanOutOptions,
): Promise<FanOutResult> {
  const pageSize = options.pageSize ?? 2000;
  const candidateIds = candidates.papers.map((p) => p.id);
  const groups = new Set<string>();
  let last = "00000000-0000-0000-0000-000000000000";
  const result: FanOutResult = { subscribers: 0, pending: 0, skipped: 0, contentGroups: 0 };
  const earlierEditions = await recentEditionIds(sql, edition);

  // A page's insert runs while the next page is read and selected (PostgreSQL and this process work at once); at
  // most one is in flight, and the last is awaited before returning, so every row exists before sending starts.
  let insertInFlight: Promise<void> = Promise.resolve();
  for (;;) {
    const page = await sql.query<{ id: string }>(
      `SELECT id FROM "Subscriber"
        WHERE status = 'ACTIVE' AND frequency = $1::"Frequency" AND id > $2::uuid
          AND ("pausedUntil" IS NULL OR "pausedUntil" <= now())
        ORDER BY id LIMIT $3`,
      [edition.frequency, last, pageSize],
    );
    if (page.rows.length === 0) break;
    const ids = page.rows.map((r) => r.id);
    last = ids[ids.length - 1]!;

    const [topics, sentOf, done, learned] = await Promise.all([
      sql.query<{ s: string; t: number }>(
        `SELECT "subscriberId" AS s, "topicId" AS t FROM "SubscriberTopic" WHERE "subscriberId" = ANY($1::uuid[]) ORDER BY 1, 2`,
        [ids],
      ),
      receivedPapers(sql, earlierEditions, ids, candidateIds),
      subscribersWithDelivery(sql, edition.id, ids),
      learnedReaders(options.readers, ids),
    ]);
    const topicsOf = new Map<string, number[]>();
    for (const r of topics.rows) {
      const list = topicsOf.get(r.s);
      if (list) list.push(r.t);
      else topicsOf.set(r.s, [r.t]);
    }
    const empty = new Set<string>();

    const rows: NewDelivery[] = [];
    for (const id of ids) {
      result.subscribers++;
      if (done.has(id)) continue;
      const sel = selectForSubscriber(
        candidates.papers,
        topicsOf.get(id) ?? [],
        sentOf.get(id) ?? empty,
        { topN: options.topN, alsoTrending: options.alsoTrending, skipEmpty: options.skipEmpty, topicNames: candidates.topicNames, weights: options.readers?.weights },
        learned.get(id),
      );
      if (sel) {
        rows.push({ subscriberId: id, status: "PENDING", ...sel, lastError: null });
        groups.add(sel.contentKey);
      } else {
        // Nothing new in their topics and no mail wanted without: the row records why.
        rows.push({ subscriberId: id, status: "SKIPPED", paperIds: [], reasons: [], alsoTrendingIds: [], contentKey: null, lastError: "nothing new in their topics" });
      }
    }
    await insertInFlight;
    if (rows.length) {
      insertInFlight = insertRows(sql, edition.id, rows, result);
      // Handled here so that a failure is not reported as unhandled before the await above or below sees it.
      insertInFlight.catch(() => undefined);
    }
    if (page.rows.length < pageSize) break;
  }
  await insertInFlight;
  result.contentGroups = groups.size;
  return result;
}

async function insertRows(sql: Sql, editionId: string, rows: NewDelivery[], result: FanOutResult): Promise<void> {
  const inserted = await insertDeliveries(sql, editionId, rows);
  result.pending += inserted.pending;
  result.skipped += inserted.skipped;
}
