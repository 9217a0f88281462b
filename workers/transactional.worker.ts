// Wiring only: confirmation and welcome mails (job body: lib/subscribers/mail/send-transactional.ts), operators'
// sign-in links (lib/admin/send-sign-in-mail.ts) and tests of an edition (lib/admin/edition-test-mail.ts).
import type { Worker } from "bullmq";
import { logger } from "@/lib/logger";
import { sendTransactional } from "@/lib/subscribers/mail/send-transactional";
import { sendSignInMail } from "@/lib/admin/send-sign-in-mail";
import { sendEditionTestMail } from "@/lib/admin/edition-test-mail";
import { QUEUE } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";

export async function startTransactionalWorker(): Promise<Worker> {
  const log = logger().child({ component: "transactional-worker" });
  // The job id (kind, subscriber, day) names the mail: a replay of this job finds its record.
  const worker = createWorker(
    QUEUE.transactional,
    (parsed, { job }) => {
      switch (parsed.name) {
        case "admin-sign-in":
          return sendSignInMail(parsed.data.signInId);
        case "edition-test":
          return sendEditionTestMail(parsed.data.testMailId);
        default:
          return sendTransactional(parsed.data, job.id ? { key: job.id } : {});
      }
    },
    { concurrency: 5 },
  );
  worker.on("failed", (job, err) => log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "transactional job failed"));
  return worker;
}
