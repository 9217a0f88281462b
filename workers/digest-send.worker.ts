// Wiring only: the digest-send queue. A job is a batch of delivery ids; the sender claims, sends and records them.
// Throwing RetryLaterError lets BullMQ retry the refused ones with exponential backoff and jitter (queue defaults);
// a database or Redis outage delays the batch instead, without using up an attempt.
import type { Worker } from "bullmq";
import { QUEUE } from "@/lib/queue/queues";
import { createWorker, type CreateWorkerOptions } from "@/lib/queue/create-worker";
import type { DigestSender } from "@/lib/digest/send-deliveries";

export type SendWorkerOptions = Pick<CreateWorkerOptions, "concurrency" | "lockDurationMs" | "stalledIntervalMs">;

export function startSendWorker(sender: DigestSender, options: SendWorkerOptions = {}): Worker {
  const { concurrency = 4, lockDurationMs, stalledIntervalMs } = options;
  return createWorker(
    QUEUE.digestSend,
    async ({ data }, { log }) => {
      const summary = await sender.sendBatch(data.deliveryIds);
      log.debug(summary, "batch done");
      return summary;
    },
    { concurrency, lockDurationMs, stalledIntervalMs, waitOutOutages: true },
  );
}
