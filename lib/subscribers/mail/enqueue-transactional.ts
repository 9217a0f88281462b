// Producer side of the transactional queue. The payload is the subscriber id only; the deterministic jobId makes a
// second enqueue of the same mail on the same day a no-op while the first job is kept.
import { addTransactionalJob, type TransactionalPayload } from "@/lib/queue/queues";

export type EnqueueTransactional = (payload: TransactionalPayload, now?: Date) => Promise<void>;

export const enqueueTransactional: EnqueueTransactional = (payload, now = new Date()) =>
  addTransactionalJob(payload, now.toISOString().slice(0, 10));
