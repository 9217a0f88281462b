// Producer side of the transactional queue. The payload is the subscriber id only; the deterministic jobId makes a
// second enqueue of the same mail on the same day a no-op while the first job is kept.
import { jobId, queue, QUEUE, transactionalPayload, type TransactionalPayload } from "@/lib/queue/queues";

export type EnqueueTransactional = (payload: TransactionalPayload, now?: Date) => Promise<void>;

export const enqueueTransactional: EnqueueTransactional = async (payload, now = new Date()) => {
  const p = transactionalPayload.parse(payload);
  const day = now.toISOString().slice(0, 10);
  await queue(QUEUE.transactional).add(p.kind, p, { jobId: jobId.transactional(p, day) });
};
