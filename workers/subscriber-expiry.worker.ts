// Wiring only: an hourly job that deletes never-confirmed sign-ups whose confirmation link has expired
// (lib/subscribers/expire-pending.ts). The job scheduler is an upsert, so every worker process may declare it.
import type { Worker } from "bullmq";
import { db } from "@/lib/db";
import { queue, QUEUE, SCHEDULER } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";
import { expirePendingSignups } from "@/lib/subscribers/expire-pending";

export async function startSubscriberExpiryWorker(): Promise<Worker> {
  await queue(QUEUE.subscriberExpiry).upsertJobScheduler(SCHEDULER.expirePendingSignups, { every: 3600_000 }, { name: "expire-pending" });
  return createWorker(QUEUE.subscriberExpiry, async (_payload, { log }) => {
    const removed = await expirePendingSignups(db());
    log.info({ removed }, "expired unconfirmed sign-ups");
    return removed;
  });
}
