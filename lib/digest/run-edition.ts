// Starting an edition: create it once, fan out, then hand the deliveries to the send queue. Safe to run any number
// of times, concurrently, from any number of processes: each step is idempotent and guarded by the database.
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { createEditionOnce, markDoneIfFinished, startSending, type EditionRow } from "@/lib/digest/edition-store";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { fanOut, type FanOutResult } from "@/lib/digest/fan-out";
import { enqueuePending, type EnqueueSends } from "@/lib/digest/enqueue-sends";
import type { Frequency } from "@/lib/digest/frequency";
import { readerSource } from "@/lib/feedback/reader-source";
import type { RankingWeights } from "@/lib/feedback/rank-for-reader";

export interface RunEditionDeps {
  db: Db;
  sql: Sql;
  enqueue: EnqueueSends;
  topN: number;
  alsoTrending: number;
  skipEmpty: boolean;
  /** Subscribers per fan-out page (one read and one insert statement each). */
  fanOutPageSize?: number;
  /** The learned ranking's weights (default: from the configuration). */
  ranking?: RankingWeights;
}

export interface RunEditionResult {
  edition: EditionRow;
  fanOut: FanOutResult | null;
  enqueued: number;
}

export async function runEdition(deps: RunEditionDeps, date: string, frequency: Frequency): Promise<RunEditionResult> {
  const edition = await createEditionOnce(deps.db, date, frequency);
  // Fan-out already finished (by this or another process): the reconciler looks after what is left.
  if (edition.status !== "FANNING_OUT") return { edition, fanOut: null, enqueued: 0 };

  const candidates = await loadCandidates(deps.db, date, frequency);
  const result = await fanOut(deps.sql, edition, candidates, {
    topN: deps.topN,
    alsoTrending: deps.alsoTrending,
    skipEmpty: deps.skipEmpty,
    readers: readerSource(deps.db, deps.sql, candidates.papers.map((p) => p.id), deps.ranking),
    ...(deps.fanOutPageSize ? { pageSize: deps.fanOutPageSize } : {}),
  });
  // Every row exists now; only then may sending start.
  await startSending(deps.sql, edition.id);
  const enqueued = await enqueuePending(deps.sql, deps.enqueue, edition.id);
  await markDoneIfFinished(deps.sql, edition.id);
  return { edition: { ...edition, status: "SENDING" }, fanOut: result, enqueued };
}
