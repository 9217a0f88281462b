// Send jobs carry delivery ids only (never addresses), a few hundred per job: enough to amortise the claim and the
// job overhead, small enough that a lost job costs little.
import type { Sql } from "@/lib/digest/pg-pool";
import { jobId } from "@/lib/queue/queues";
import { pendingDeliveryIds } from "@/lib/digest/delivery-store";

export const SEND_BATCH_SIZE = 200;

/** Adds jobs; `jobId` may come back unchanged when an identical job exists (BullMQ ignores the duplicate). */
export type EnqueueSends = (jobs: { jobId: string; deliveryIds: string[]; editionId: string }[]) => Promise<void>;

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Enqueues the edition's PENDING deliveries (minus `except`) in id order. Without a suffix the job ids are
 * deterministic, so concurrent fan-outs of the same edition produce the same jobs; the reconciler passes a suffix
 * because a job with the plain id may linger as completed while its rows went back to PENDING.
 */
export async function enqueuePending(
  sql: Sql,
  enqueue: EnqueueSends,
  editionId: string,
  { except, suffix, batchSize = SEND_BATCH_SIZE }: { except?: Set<string>; suffix?: string; batchSize?: number } = {},
): Promise<number> {
  const ids = (await pendingDeliveryIds(sql, editionId)).filter((id) => !except?.has(id));
  const jobs = chunk(ids, batchSize).map((deliveryIds) => ({
    jobId: jobId.digestSend(deliveryIds[0]!, suffix),
    deliveryIds,
    editionId,
  }));
  for (const group of chunk(jobs, 500)) await enqueue(group);
  return ids.length;
}
