// Wiring only: the digest-send queue. A job is a batch of delivery ids; the sender claims, sends and records them.
// Throwing RetryLaterError lets BullMQ retry the refused ones with exponential backoff and jitter (queue defaults);
// a database or Redis outage delays the batch instead, without using up an attempt.
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bullConnection, digestSendPayload, QUEUE } from "@/lib/queue/queues";
import type { DigestSender } from "@/lib/digest/send-deliveries";
import { waitOutOutages } from "@/lib/queue/wait-out-outage";

export interface SendWorkerOptions {
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export function startSendWorker(sender: DigestSender, options: SendWorkerOptions = {}): Worker {
  return new Worker(
    QUEUE.digestSend,
    waitOutOutages(async (job: Job) => {
      const parsed = digestSendPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad digest-send payload: ${parsed.error.message}`);
      const summary = await sender.sendBatch(parsed.data.deliveryIds);
      logger().child({ queue: QUEUE.digestSend, jobId: job.id }).debug(summary, "batch done");
      return summary;
    }),
    {
      connection: bullConnection(),
      prefix: env().REDIS_PREFIX,
      concurrency: options.concurrency ?? 4,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
}
