// Which of an edition's candidate papers each subscriber already received, read from the delivery rows of recent
// editions. There is no separate "sent papers" table: a row per paper per message was the largest cost of recording
// a sent message, and the delivery rows already say who got which papers (docs/benchmarks.md).
import type { Sql } from "@/lib/digest/pg-pool";
import { editionIdsSince } from "@/lib/digest/edition-store";
import { addDays, candidateWindow } from "@/lib/digest/edition-date";
import type { Frequency } from "@/lib/digest/frequency";

/**
 * A paper reaches an edition only through that edition's candidate window (by its Daily Papers date), so an earlier
 * edition can only have carried today's candidates if it is dated on or after the start of today's window. The
 * extra week covers a paper that Hugging Face features again on a later day (ingest then moves its date).
 */
export const RECEIVED_LOOKBACK_DAYS = 7;

/** The editions before this one (its date and frequency; it need not exist yet) that may have carried its papers. */
export async function recentEditionIds(sql: Sql, edition: { date: string; frequency: Frequency }): Promise<string[]> {
  const since = addDays(candidateWindow(edition.date, edition.frequency).from, -RECEIVED_LOOKBACK_DAYS);
  return editionIdsSince(sql, since, edition);
}

/** subscriberId -> the papers among `paperIds` that were in a digest accepted for them in one of `editionIds`. */
export async function receivedPapers(
  sql: Sql,
  editionIds: string[],
  subscriberIds: string[],
  paperIds: string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (editionIds.length === 0 || subscriberIds.length === 0 || paperIds.length === 0) return out;
  const res = await sql.query<{ s: string; p: string }>(
    `SELECT DISTINCT d."subscriberId" AS s, p
       FROM "Delivery" d, unnest(d."paperIds" || d."alsoTrendingIds") AS p
      WHERE d."editionId" = ANY($1::uuid[]) AND d."subscriberId" = ANY($2::uuid[]) AND d.status = 'SENT' AND p = ANY($3::text[])`,
    [editionIds, subscriberIds, paperIds],
  );
  for (const r of res.rows) {
    const set = out.get(r.s);
    if (set) set.add(r.p);
    else out.set(r.s, new Set([r.p]));
  }
  return out;
}
