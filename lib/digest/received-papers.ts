// Which of an edition's candidate papers each subscriber already received, read from the delivery rows of recent
// editions. There is no separate "sent papers" table: a row per paper per message was the largest cost of recording
// a sent message, and the delivery rows already say who got which papers (docs/benchmarks.md).
import type { Sql } from "@/lib/digest/pg-pool";
import { editionIdsSince } from "@/lib/digest/edition-store";
import { sentPaperPairs } from "@/lib/digest/delivery-store";
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
  for (const { subscriberId, paperId } of await sentPaperPairs(sql, editionIds, subscriberIds, paperIds)) {
    const set = out.get(subscriberId);
    if (set) set.add(paperId);
    else out.set(subscriberId, new Set([paperId]));
  }
  return out;
}
