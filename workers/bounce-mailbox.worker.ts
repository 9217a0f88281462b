// Wiring only: polls the bounce mailbox (lib/bounces/mailbox-poller.ts) every BOUNCE_IMAP_EVERY_SECONDS when
// BOUNCE_IMAP_URL is set. A job scheduler (an upsert, declared by every worker process) runs one poll at a time.
import type { Worker } from "bullmq";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sql } from "@/lib/digest/pg-pool";
import { queue, QUEUE, SCHEDULER } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";
import { pollMailbox } from "@/lib/bounces/mailbox-poller";
import { bounceSettings } from "@/lib/bounces/intake-mail";
import { verpConfigFromEnv } from "@/lib/mail/envelope-address";

export async function startBounceMailboxWorker(): Promise<Worker | null> {
  const e = env();
  if (!e.BOUNCE_IMAP_URL) return null;
  const url = e.BOUNCE_IMAP_URL;
  await queue(QUEUE.bounceMailbox).upsertJobScheduler(SCHEDULER.pollBounceMailbox, { every: e.BOUNCE_IMAP_EVERY_SECONDS * 1000 }, { name: "poll-bounce-mailbox" });
  return createWorker(QUEUE.bounceMailbox, async (_payload, { log }) => {
    const summary = await pollMailbox({ url, verp: verpConfigFromEnv() }, { db: db(), sql: sql(), settings: bounceSettings() });
    log.debug(summary, "bounce mailbox polled");
    return summary;
  });
}
