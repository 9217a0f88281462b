// Wiring only: an hourly job that deletes never-confirmed sign-ups whose confirmation link has expired
// (lib/subscribers/expire-pending.ts). The job scheduler is an upsert, so every worker process may declare it.
import { Worker } from "bullmq";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bullConnection, queue, QUEUE, SCHEDULER } from "@/lib/queue/queues";
import { expirePendingSignups } from "@/lib/subscribers/expire-pending";

export async function startSubscriberExpiryWorker(): Promise<Worker> {
  const log = logger().child({ component: "subscriber-expiry" });
  await queue(QUEUE.subscriberExpiry).upsertJobScheduler(SCHEDULER.expirePendingSignups, { every: 3600_000 }, { name: "expire-pending" });
  return new Worker(
    QUEUE.subscriberExpiry,
    async () => {
      const removed = await expirePendingSignups(db());
      log.info({ removed }, "expired unconfirmed sign-ups");
      return removed;
    },
    { connection: bullConnection(), prefix: env().REDIS_PREFIX },
  );
}
