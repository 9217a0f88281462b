// The reconciler: PostgreSQL is the truth, Redis only transport. It runs every minute (and from every worker
// process; running it twice at once is harmless) and repairs whatever Redis or a dead worker lost:
//  - a claim whose owner process is gone (see claim-owner.ts), or that went stale, goes back to PENDING when its
//    bytes never went out (transmittedAt empty): provably unsent;
//  - such a claim whose transmission had started becomes UNKNOWN: it may have arrived, so it is never resent
//    automatically (a second copy is worse than a reported gap) and is listed by `digest:status`;
//  - PENDING rows of a sending edition that no live job covers are enqueued again (Redis restarted empty, FLUSHALL);
//  - an edition stuck in fan-out with no live job gets its fan-out job again; finished editions are marked DONE.
import type { Sql } from "@/lib/digest/pg-pool";
import { enqueuePending, type EnqueueSends } from "@/lib/digest/enqueue-sends";
import { listUnfinishedEditions, markDoneIfFinished } from "@/lib/digest/edition-store";
import { takeOverClaims } from "@/lib/digest/delivery-store";
import type { Frequency } from "@/lib/digest/frequency";

export interface ReconcileDeps {
  sql: Sql;
  enqueue: EnqueueSends;
  /** Delivery ids covered by waiting, delayed, active or paused send jobs. */
  liveDeliveryIds: () => Promise<Set<string>>;
  /** Edition keys ("DAILY-2025-03-14") with a live fan-out job. */
  liveEditionKeys: () => Promise<Set<string>>;
  enqueueEdition: (date: string, frequency: Frequency, jobSuffix: string) => Promise<void>;
  staleAfterMs: number;
  fanOutGraceMs: number;
  now?: () => number;
}

export interface ReconcileResult {
  released: number;
  unknown: number;
  reenqueued: number;
  refannedOut: number;
  done: number;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.now?.() ?? Date.now();
  const stale = new Date(now - deps.staleAfterMs);
  const result: ReconcileResult = { released: 0, unknown: 0, reenqueued: 0, refannedOut: 0, done: 0 };

  const takenOver = await takeOverClaims(deps.sql, { staleBefore: stale, ownerGone: false });
  result.released = takenOver.released;
  result.unknown = takenOver.unknown;

  const editions = await listUnfinishedEditions(deps.sql);
  if (editions.length === 0) return result;

  const sending = editions.filter((e) => e.status === "SENDING");
  if (sending.length) {
    const live = await deps.liveDeliveryIds();
    for (const e of sending) {
      result.reenqueued += await enqueuePending(deps.sql, deps.enqueue, e.id, { except: live, suffix: `r${now.toString(36)}` });
      if (await markDoneIfFinished(deps.sql, e.id)) result.done++;
    }
  }
  const stuck = editions.filter((e) => e.status === "FANNING_OUT" && e.createdAt.getTime() < now - deps.fanOutGraceMs);
  if (stuck.length) {
    const liveEditions = await deps.liveEditionKeys();
    for (const e of stuck) {
      if (liveEditions.has(`${e.frequency}-${e.date}`)) continue;
      await deps.enqueueEdition(e.date, e.frequency, `r${now.toString(36)}`);
      result.refannedOut++;
    }
  }
  return result;
}
