// Builds the digest's dependencies from the environment (workers and the CLI share this), and the small adapters
// between the plain lib functions and BullMQ (producers, "which deliveries have a live job").
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { markSql, sql, type Sql } from "@/lib/digest/pg-pool";
import { SmtpPool } from "@/lib/mail/smtp-pool";
import { dkimSignerFromEnv } from "@/lib/mail/dkim-sign";
import { envelopeAddress, envelopeSenderFor, messageIdDomain, verpConfigFromEnv } from "@/lib/mail/envelope-address";
import { links } from "@/lib/tokens/tokens";
import { DigestSender, type MoreBatchesQueued, type SenderSettings } from "@/lib/digest/send-deliveries";
import type { EnqueueSends } from "@/lib/digest/enqueue-sends";
import type { RunEditionDeps } from "@/lib/digest/run-edition";
import type { ReconcileDeps } from "@/lib/digest/reconcile";
import { addDigestSendJobs, addEditionJob, QUEUE, queue } from "@/lib/queue/queues";

export function senderSettings(): SenderSettings {
  const e = env();
  const address = envelopeAddress(e.MAIL_FROM);
  const signer = dkimSignerFromEnv();
  const verp = verpConfigFromEnv();
  return {
    appUrl: e.APP_URL,
    postalAddress: e.POSTAL_ADDRESS,
    from: e.MAIL_FROM,
    listId: e.LIST_ID,
    envelopeFrom: address,
    ...(verp ? { bounceAddress: (id: string) => envelopeSenderFor({ kind: "delivery", id }, verp) } : {}),
    messageIdDomain: messageIdDomain(e.MAIL_FROM, e.LIST_ID),
    hardBounceLimit: e.HARD_BOUNCE_LIMIT,
    errorBurstLimit: e.ERROR_BURST_LIMIT,
    ...(signer ? { sign: signer } : {}),
  };
}

export function createSmtpPool(overrides: { url?: string; size?: number; ratePerSecond?: number } = {}): SmtpPool {
  const e = env();
  return new SmtpPool({
    url: overrides.url ?? e.SMTP_URL,
    size: overrides.size ?? e.SMTP_POOL_SIZE,
    ratePerSecond: overrides.ratePerSecond ?? e.SMTP_RATE_PER_SECOND,
    name: e.LIST_ID,
  });
}

export function createSender(
  pool: SmtpPool,
  options: { sql?: Sql; markSql?: Sql; moreBatchesQueued?: MoreBatchesQueued } = {},
): DigestSender {
  const s = options.sql ?? sql();
  return new DigestSender({
    sql: s,
    pool,
    settings: senderSettings(),
    links: {
      manage: (id) => links.manage(id),
      unsubscribe: (id, editionId) => links.unsubscribe(id, editionId),
      feedback: (id, editionId, paperId) => links.feedback(id, editionId, paperId),
    },
    // The process's own pools get the mark pool; a caller's pool (a test's, the bench's) carries the marks too.
    markSql: options.markSql ?? (s === sql() ? markSql() : s),
    moreBatchesQueued: options.moreBatchesQueued ?? moreSendBatchesQueued(),
  });
}

/** See MoreBatchesQueued: jobs of the send queue that will run later (any edition's; the reconciler covers the rest). */
function moreSendBatchesQueued(q: Queue = queue(QUEUE.digestSend)): MoreBatchesQueued {
  return async () => {
    const counts = await q.getJobCounts("waiting", "delayed", "prioritized");
    return Object.values(counts).some((n) => n > 0);
  };
}

export function enqueueSendsVia(q: Queue = queue(QUEUE.digestSend)): EnqueueSends {
  return (jobs) => addDigestSendJobs(jobs.map((j) => ({ jobId: j.jobId, payload: { deliveryIds: j.deliveryIds, editionId: j.editionId } })), q);
}

export function runEditionDeps(enqueue: EnqueueSends = enqueueSendsVia()): RunEditionDeps {
  const e = env();
  return {
    db: db(),
    sql: sql(),
    enqueue,
    topN: e.DIGEST_TOP_N,
    alsoTrending: e.DIGEST_ALSO_TRENDING,
    skipEmpty: e.DIGEST_SKIP_EMPTY,
    fanOutPageSize: e.DIGEST_FANOUT_PAGE_SIZE,
  };
}

const LIVE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

async function liveJobsData<T>(q: Queue, pick: (data: unknown) => T[], notLive: Set<string> = new Set()): Promise<Set<T>> {
  const out = new Set<T>();
  const page = 1000;
  for (let start = 0; ; start += page) {
    const jobs = await q.getJobs([...LIVE_STATES], start, start + page - 1, true);
    for (const j of jobs) if (j && !(j.id && notLive.has(j.id))) for (const v of pick(j.data)) out.add(v);
    if (jobs.length < page) break;
  }
  return out;
}

/**
 * Delayed jobs that were due more than `graceMs` ago. A worker promotes a delayed job when it is due; one long
 * overdue (its promotion lost to a Redis outage) may never run, so its deliveries do not count as covered and the
 * reconciler enqueues them again (a second job for a row is harmless: the claim decides who sends).
 */
async function overdueDelayedIds(q: Queue, graceMs: number): Promise<Set<string>> {
  const client = (await q.backend.client) as unknown as Redis;
  // BullMQ scores a delayed job by its due time in milliseconds times 0x1000, plus a counter.
  const ids = await client.zrangebyscore(q.keys.delayed!, 0, (Date.now() - graceMs) * 0x1000);
  return new Set(ids);
}

export function reconcileDeps(options: { staleAfterMs?: number; fanOutGraceMs?: number } = {}): ReconcileDeps {
  const sendQueue = queue(QUEUE.digestSend);
  const editionQueue = queue(QUEUE.edition);
  const staleAfterMs = options.staleAfterMs ?? env().DIGEST_STALE_CLAIM_SECONDS * 1000;
  return {
    sql: sql(),
    enqueue: enqueueSendsVia(sendQueue),
    liveDeliveryIds: async () =>
      liveJobsData(sendQueue, (d) => ((d as { deliveryIds?: string[] }).deliveryIds ?? []), await overdueDelayedIds(sendQueue, staleAfterMs)),
    liveEditionKeys: () =>
      liveJobsData(editionQueue, (d) => {
        const p = d as { date?: string; frequency?: string };
        return p.date && p.frequency ? [`${p.frequency}-${p.date}`] : [];
      }),
    enqueueEdition: async (date, frequency, suffix) => {
      await addEditionJob({ date, frequency }, suffix);
    },
    staleAfterMs,
    fanOutGraceMs: options.fanOutGraceMs ?? env().DIGEST_FANOUT_GRACE_SECONDS * 1000,
  };
}
