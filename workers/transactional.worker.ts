// Wiring only: confirmation and welcome mails. The job body is lib/subscribers/mail/send-transactional.ts.
import { UnrecoverableError, Worker } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { sendTransactional } from "@/lib/subscribers/mail/send-transactional";
import { bullConnection, QUEUE, transactionalPayload } from "@/lib/queue/queues";

export async function startTransactionalWorker(): Promise<Worker> {
  const log = logger().child({ component: "transactional-worker" });
  const worker = new Worker(
    QUEUE.transactional,
    async (job) => {
      const payload = transactionalPayload.safeParse(job.data);
      if (!payload.success) throw new UnrecoverableError("malformed transactional payload");
      // The job id (kind, subscriber, day) names the mail: a replay of this job finds its record.
      return sendTransactional(payload.data, job.id ? { key: job.id } : {});
    },
    { connection: bullConnection(), prefix: env().REDIS_PREFIX, concurrency: 5 },
  );
  worker.on("failed", (job, err) => log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "transactional job failed"));
  return worker;
}
