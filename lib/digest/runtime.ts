// Builds the digest's dependencies from the environment (workers and the CLI share this), and the small adapters
// between the plain lib functions and BullMQ (producers, "which deliveries have a live job").
import type { Queue } from "bullmq";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { markSql, sql, type Sql } from "@/lib/digest/pg-pool";
import { SmtpPool } from "@/lib/mail/smtp-pool";
import { dkimSignerFromEnv } from "@/lib/mail/dkim-sign";
import { envelopeAddress, messageIdDomain } from "@/lib/mail/envelope-address";
import { links } from "@/lib/tokens/tokens";
import { DigestSender, type MoreBatchesQueued, type SenderSettings } from "@/lib/digest/send-deliveries";
import type { EnqueueSends } from "@/lib/digest/enqueue-sends";
import type { RunEditionDeps } from "@/lib/digest/run-edition";
import type { ReconcileDeps } from "@/lib/digest/reconcile";
import { jobId, QUEUE, queue } from "@/lib/queue/queues";

export function senderSettings(): SenderSettings {
  const e = env();
  const address = envelopeAddress(e.MAIL_FROM);
  const signer = dkimSignerFromEnv();
  return {
    appUrl: e.APP_URL,
    postalAddress: e.POSTAL_ADDRESS,
    from: e.MAIL_FROM,
    listId: e.LIST_ID,
    envelopeFrom: address,
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
  s: Sql = sql(),
  marks: Sql = s === sql() ? markSql() : s,
  moreBatchesQueued: MoreBatchesQueued = moreSendBatchesQueued(),
): DigestSender {
  return new DigestSender(
    s,
    pool,
    senderSettings(),
    {
      manage: (id) => links.manage(id),
      unsubscribe: (id, editionId) => links.unsubscribe(id, editionId),
    },
    marks,
    moreBatchesQueued,
  );
}

/** See MoreBatchesQueued: jobs of the send queue that will run later (any edition's; the reconciler covers the rest). */
function moreSendBatchesQueued(q: Queue = queue(QUEUE.digestSend)): MoreBatchesQueued {
  return async () => {
    const counts = await q.getJobCounts("waiting", "delayed", "prioritized");
    return Object.values(counts).some((n) => n > 0);
  };
}

export function enqueueSendsVia(q: Queue = queue(QUEUE.digestSend)): EnqueueSends {
  return async (jobs) => {
    await q.addBulk(
      jobs.map((j) => ({ name: "send", data: { deliveryIds: j.deliveryIds, editionId: j.editionId }, opts: { jobId: j.jobId } })),
    );
  };
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

async function liveJobsData<T>(q: Queue, pick: (data: unknown) => T[]): Promise<Set<T>> {
  const out = new Set<T>();
  const page = 1000;
  for (let start = 0; ; start += page) {
    const jobs = await q.getJobs([...LIVE_STATES], start, start + page - 1, true);
    for (const j of jobs) if (j) for (const v of pick(j.data)) out.add(v);
    if (jobs.length < page) break;
  }
  return out;
}

export function reconcileDeps(options: { staleAfterMs?: number; fanOutGraceMs?: number } = {}): ReconcileDeps {
  const sendQueue = queue(QUEUE.digestSend);
  const editionQueue = queue(QUEUE.edition);
  return {
    sql: sql(),
    enqueue: enqueueSendsVia(sendQueue),
    liveDeliveryIds: () => liveJobsData(sendQueue, (d) => ((d as { deliveryIds?: string[] }).deliveryIds ?? [])),
    liveEditionKeys: () =>
      liveJobsData(editionQueue, (d) => {
        const p = d as { date?: string; frequency?: string };
        return p.date && p.frequency ? [`${p.frequency}-${p.date}`] : [];
      }),
    enqueueEdition: async (date, frequency, suffix) => {
      await editionQueue.add("edition", { date, frequency }, { jobId: jobId.editionRetry({ date, frequency }, suffix) });
    },
    staleAfterMs: options.staleAfterMs ?? env().DIGEST_STALE_CLAIM_SECONDS * 1000,
    fanOutGraceMs: options.fanOutGraceMs ?? env().DIGEST_FANOUT_GRACE_SECONDS * 1000,
  };
}
