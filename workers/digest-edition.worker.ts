// Wiring only: the edition queue. "tick" jobs come from the daily job scheduler and start the editions due on the
// scheduled date (in DIGEST_TIMEZONE); "edition" jobs name the date explicitly (CLI, reconciler).
import { Worker, type Job } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bullConnection, editionPayload, QUEUE } from "@/lib/queue/queues";
import { editionDateAt, frequenciesDue } from "@/lib/digest/edition-date";
import { runEdition } from "@/lib/digest/run-edition";
import { runEditionDeps } from "@/lib/digest/runtime";
import { waitOutOutages } from "@/lib/queue/wait-out-outage";

export async function processEditionJob(job: Job): Promise<unknown> {
  const log = logger().child({ queue: QUEUE.edition, jobId: job.id });
  const deps = runEditionDeps();
  if (job.name === "tick") {
    // The time the scheduler meant, not the time a busy worker got round to it.
    const firedAt = new Date(job.timestamp + (job.opts.delay ?? 0));
    const date = editionDateAt(firedAt, env().DIGEST_TIMEZONE);
    const results = [];
    for (const frequency of frequenciesDue(date, env().DIGEST_WEEKDAY)) {
      const r = await runEdition(deps, date, frequency);
      log.info({ date, frequency, editionId: r.edition.id, fanOut: r.fanOut, enqueued: r.enqueued }, "edition started");
      results.push({ date, frequency, editionId: r.edition.id });
    }
    return results;
  }
  const parsed = editionPayload.safeParse(job.data);
  if (!parsed.success) throw new Error(`bad edition payload: ${parsed.error.message}`);
  const r = await runEdition(deps, parsed.data.date, parsed.data.frequency);
  log.info({ ...parsed.data, editionId: r.edition.id, fanOut: r.fanOut, enqueued: r.enqueued }, "edition started");
  return { editionId: r.edition.id };
}

/** Lock and stall timings: how soon a fan-out whose worker died is taken over by another (BullMQ: 30 s each). */
export interface EditionWorkerOptions {
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export function startEditionWorker(options: EditionWorkerOptions = {}): Worker {
  return new Worker(QUEUE.edition, waitOutOutages(processEditionJob), {
    connection: bullConnection(),
    prefix: env().REDIS_PREFIX,
    concurrency: 1,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  });
}
