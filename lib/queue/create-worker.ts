// The one way to build a BullMQ worker: this deployment's connection and prefix, every job's payload parsed with
// its queue's schema for the job's name (a malformed one fails for good: no retry can fix it), a child logger per
// job that names the queue and the job by id only, and registration for an orderly shutdown (closeWorkers).
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { z } from "zod";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bullConnection, PAYLOAD, type JobOf, type QueueName } from "@/lib/queue/queues";
import { waitOutOutages } from "@/lib/queue/wait-out-outage";

export interface JobContext {
  job: Job;
  log: Logger;
}

export type JobHandler<Q extends QueueName, R> = (payload: JobOf<Q>, context: JobContext) => Promise<R>;

export interface CreateWorkerOptions {
  concurrency?: number;
  /** How soon a job whose worker died is taken over by another (BullMQ's defaults when not given). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** A PostgreSQL or Redis outage delays the job instead of failing it (wait-out-outage.ts). */
  waitOutOutages?: boolean;
}

/** Something a worker process holds besides its workers (a timer, an SMTP pool), closed with them. */
export interface ShutdownStep {
  /** As shutdown begins, before the workers close: lets go of what would keep a running job from finishing. */
  begin?: () => void;
  /** After every worker has closed. */
  end?: () => void | Promise<void>;
}

const started: { workers: Worker[]; steps: ShutdownStep[] } = { workers: [], steps: [] };

/** Parses a job with its queue's schema for its name; anything else is a permanent failure. */
export function parseJob<Q extends QueueName>(queueName: Q, job: Pick<Job, "name" | "data">): JobOf<Q> {
  const schemas: Record<string, z.ZodType> = PAYLOAD[queueName];
  const schema = Object.hasOwn(schemas, job.name) ? schemas[job.name] : undefined;
  if (!schema) throw new UnrecoverableError(`malformed ${queueName} job: unknown name`);
  const parsed = schema.safeParse(job.data);
  // Only the fields and the kind of each problem: a value could be personal data (an address where an id belongs).
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "payload"} ${i.code}`);
    throw new UnrecoverableError(`malformed ${job.name} payload: ${problems.join(", ")}`);
  }
  return { name: job.name, data: parsed.data } as JobOf<Q>;
}

export function createWorker<Q extends QueueName, R>(queueName: Q, handler: JobHandler<Q, R>, options: CreateWorkerOptions = {}): Worker {
  const body = (job: Job) => handler(parseJob(queueName, job), { job, log: logger().child({ queue: queueName, jobId: job.id }) });
  const worker = new Worker(queueName, options.waitOutOutages ? waitOutOutages(body) : body, {
    connection: bullConnection(),
    prefix: env().REDIS_PREFIX,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  });
  started.workers.push(worker);
  return worker;
}

export function closeOnShutdown(step: ShutdownStep): void {
  started.steps.push(step);
}

/**
 * Closes every worker this process created (running jobs finish, nothing new is taken), then what was registered
 * with closeOnShutdown, the latest first. Queues and connections are the caller's to close after this.
 */
export async function closeWorkers(): Promise<void> {
  const { workers, steps } = started;
  started.workers = [];
  started.steps = [];
  for (const s of steps) s.begin?.();
  await Promise.all(workers.map((w) => w.close()));
  for (const s of steps.reverse()) await s.end?.();
}
