// The one queue module: producers and workers import the same names, payload schemas and jobId builders.
// Payloads carry IDs only: BullMQ keeps job data in clear text in Redis, so no addresses, tokens or rows.
import { Queue, type ConnectionOptions, type DefaultJobOptions } from "bullmq";
import { z } from "zod";
import { env } from "@/lib/env";
import { availability } from "@/lib/outage/availability";
import { FREQUENCIES } from "@/lib/digest/frequency";

export const QUEUE = {
  /** Confirmation and welcome mails (one subscriber each), operators' sign-in links and tests of an edition. */
  transactional: "transactional-mail",
  /** Paper ingestion (hourly scheduler + manual runs). */
  ingest: "ingest",
  /** Starts a digest edition: creates it, fans out deliveries. */
  edition: "digest-edition",
  /** Sends digest deliveries. */
  digestSend: "digest-send",
  /** Re-enqueues pending deliveries that lost their job. */
  reconcile: "digest-reconcile",
  /** Hourly removal of unconfirmed sign-ups whose confirmation link expired. */
  subscriberExpiry: "subscriber-expiry",
  /** Polls the bounce mailbox (BOUNCE_IMAP_URL) for bounce and complaint mail. */
  bounceMailbox: "bounce-mailbox",
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const transactionalPayload = z.object({
  kind: z.enum(["confirmation", "welcome"]),
  subscriberId: z.string().uuid(),
});
export type TransactionalPayload = z.infer<typeof transactionalPayload>;

/** An operator's sign-in link (lib/admin): the id of the pending sign-in row, nothing else. */
export const adminSignInPayload = z.object({ signInId: z.string().uuid() });
export type AdminSignInPayload = z.infer<typeof adminSignInPayload>;

/** A test of an edition for an operator (lib/admin): the id of the request row, nothing else. */
export const editionTestMailPayload = z.object({ testMailId: z.string().uuid() });
export type EditionTestMailPayload = z.infer<typeof editionTestMailPayload>;

export const ingestPayload = z.object({
  source: z.enum(["hf", "file", "arxiv"]),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Who asked for the run (recorded with it); the scheduler's jobs carry none. */
  trigger: z.enum(["schedule", "operator"]).optional(),
});
export type IngestPayload = z.infer<typeof ingestPayload>;

/** Job name on the ingest queue for a full re-tag (after topic edits); payload carries no data worth keeping. */
export const retagPayload = z.object({ reason: z.string().max(200).optional() });
export type RetagPayload = z.infer<typeof retagPayload>;

export const editionPayload = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  frequency: z.enum(FREQUENCIES),
});
export type EditionPayload = z.infer<typeof editionPayload>;

export const digestSendPayload = z.object({
  deliveryIds: z.array(z.string().uuid()).min(1).max(500),
  editionId: z.string().uuid().optional(),
});
export type DigestSendPayload = z.infer<typeof digestSendPayload>;

/** The daily job scheduler's firing: the worker derives the edition date (in DIGEST_TIMEZONE) from the fire time. */
export const editionTickPayload = z.object({}).passthrough();
export type EditionTickPayload = z.infer<typeof editionTickPayload>;

export const reconcilePayload = z.object({ editionId: z.string().uuid().optional() });
export type ReconcilePayload = z.infer<typeof reconcilePayload>;

/** The hourly expiry's firing carries nothing. */
export const subscriberExpiryPayload = z.object({}).passthrough();
export const bounceMailboxPayload = z.object({}).passthrough();

/** Each queue's payload schema by job name: a worker parses every job with these (create-worker.ts). */
export const PAYLOAD = {
  [QUEUE.transactional]: { confirmation: transactionalPayload, welcome: transactionalPayload, "admin-sign-in": adminSignInPayload, "edition-test": editionTestMailPayload },
  [QUEUE.ingest]: { ingest: ingestPayload, retag: retagPayload },
  [QUEUE.edition]: { tick: editionTickPayload, edition: editionPayload },
  [QUEUE.digestSend]: { send: digestSendPayload },
  [QUEUE.reconcile]: { reconcile: reconcilePayload },
  [QUEUE.subscriberExpiry]: { "expire-pending": subscriberExpiryPayload },
  [QUEUE.bounceMailbox]: { "poll-bounce-mailbox": bounceMailboxPayload },
} as const satisfies Record<QueueName, Record<string, z.ZodType>>;

type Payloads<Q extends QueueName> = (typeof PAYLOAD)[Q];
/** A parsed job of queue Q: its name and the payload that name's schema accepted. */
export type JobOf<Q extends QueueName> = { [N in keyof Payloads<Q>]: { name: N; data: z.infer<Payloads<Q>[N]> } }[keyof Payloads<Q>];

// Deterministic job ids (BullMQ forbids ':' in custom ids). A second add with the same id is a no-op while the
// job exists; the database guards (unique rows, conditional updates) cover the rest.
export const jobId = {
  transactional: (p: TransactionalPayload, day: string) => `${p.kind}-${p.subscriberId}-${day}`,
  edition: (p: EditionPayload) => `edition-${p.frequency}-${p.date}`,
  adminSignIn: (p: AdminSignInPayload) => `admin-sign-in-${p.signInId}`,
  editionTestMail: (p: EditionTestMailPayload) => `edition-test-${p.testMailId}`,
  /** A batch is named by its first delivery; the reconciler's re-enqueues add a suffix the old job does not hold. */
  digestSend: (firstDeliveryId: string, suffix?: string) => `send-${firstDeliveryId}${suffix ? `-${suffix}` : ""}`,
  /** Re-enqueued fan-outs (reconciler) need an id the completed original does not hold. */
  editionRetry: (p: EditionPayload, suffix: string) => `edition-${p.frequency}-${p.date}-${suffix}`,
  /** An operator's "ingest now": one id per source, so two clicks make one job. */
  ingestNow: (p: IngestPayload) => `ingest-now-${p.source}`,
};

/** Job scheduler ids: every worker process upserts the same ones, so each schedule exists once. */
export const SCHEDULER = {
  ingest: "ingest-scheduled",
  digestDaily: "digest-daily",
  digestReconcile: "digest-reconcile",
  expirePendingSignups: "expire-pending-signups",
  pollBounceMailbox: "poll-bounce-mailbox",
} as const;

/** When a job scheduler fires next; null when no worker has registered it. */
export async function nextScheduledRun(name: QueueName, schedulerId: string): Promise<Date | null> {
  const scheduler = await queue(name).getJobScheduler(schedulerId);
  return scheduler?.next ? new Date(scheduler.next) : null;
}

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function bullConnection(): ConnectionOptions {
  return { url: env().REDIS_URL, maxRetriesPerRequest: null } as ConnectionOptions;
}

const globalForQueues = globalThis as unknown as { paperboyQueues?: Map<string, Queue> };

/** A producer handle for a queue, shared per process. */
export function queue(name: QueueName): Queue {
  globalForQueues.paperboyQueues ??= new Map();
  let q = globalForQueues.paperboyQueues.get(name);
  if (!q) {
    q = new Queue(name, { connection: bullConnection(), prefix: env().REDIS_PREFIX, defaultJobOptions });
    // A producer losing Redis is an outage (logged once by the availability view), not a crash of the process.
    q.on("error", (err) => availability().suspect("redis", err));
    globalForQueues.paperboyQueues.set(name, q);
  }
  return q;
}

// The producers: each validates its payload and owns its job id, so no caller builds either by hand.

/** A confirmation or welcome mail; a second add on the same day is a no-op while the first job is kept. */
export async function addTransactionalJob(payload: TransactionalPayload, day: string): Promise<void> {
  const p = transactionalPayload.parse(payload);
  await queue(QUEUE.transactional).add(p.kind, p, { jobId: jobId.transactional(p, day) });
}

/** An operator's sign-in mail; each sign-in row is mailed by one job. */
export async function addAdminSignInJob(payload: AdminSignInPayload): Promise<void> {
  const p = adminSignInPayload.parse(payload);
  await queue(QUEUE.transactional).add("admin-sign-in", p, { jobId: jobId.adminSignIn(p) });
}

/** A test of an edition for the operator who asked; each request row is mailed by one job. */
export async function addEditionTestMailJob(payload: EditionTestMailPayload): Promise<void> {
  const p = editionTestMailPayload.parse(payload);
  await queue(QUEUE.transactional).add("edition-test", p, { jobId: jobId.editionTestMail(p) });
}

/** An edition's fan-out; with a suffix, a re-run the completed original's id would swallow. */
export async function addEditionJob(payload: EditionPayload, suffix?: string): Promise<void> {
  const p = editionPayload.parse(payload);
  await queue(QUEUE.edition).add("edition", p, { jobId: suffix ? jobId.editionRetry(p, suffix) : jobId.edition(p) });
}

/**
 * An operator's "ingest now". Nothing is added while any ingest is waiting or running (the scheduler's next run,
 * delayed, does not count); the id is reused, so a finished one is removed first and two racing clicks make one job.
 * False when it found one waiting or running.
 */
export async function addIngestNowJob(source: IngestPayload["source"], q: Queue = queue(QUEUE.ingest)): Promise<boolean> {
  const p = ingestPayload.parse({ source, trigger: "operator" });
  const counts = await q.getJobCounts("active", "waiting", "prioritized");
  if ((counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0) > 0) return false;
  const id = jobId.ingestNow(p);
  const previous = await q.getJob(id);
  if (previous) {
    const state = await previous.getState();
    if (state !== "completed" && state !== "failed") return false;
    // Another click may have removed it a moment ago: the add below is then the same no-op for both.
    await previous.remove().catch(() => undefined);
  }
  await q.add("ingest", p, { jobId: id, attempts: 1 });
  return true;
}

/** Batches of deliveries to send, each job id given by the caller (built with jobId.digestSend). */
export async function addDigestSendJobs(jobs: { jobId: string; payload: DigestSendPayload }[], q: Queue = queue(QUEUE.digestSend)): Promise<void> {
  await q.addBulk(jobs.map((j) => ({ name: "send", data: digestSendPayload.parse(j.payload), opts: { jobId: j.jobId } })));
}

export async function closeQueues(): Promise<void> {
  const queues = globalForQueues.paperboyQueues;
  if (!queues) return;
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
