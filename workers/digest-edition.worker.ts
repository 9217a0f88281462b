// Wiring only: the edition queue. "tick" jobs come from the daily job scheduler and start the editions due on the
// scheduled date (in DIGEST_TIMEZONE); "edition" jobs name the date explicitly (CLI, reconciler).
import type { Worker } from "bullmq";
import { env } from "@/lib/env";
import { QUEUE, type JobOf } from "@/lib/queue/queues";
import { createWorker, type CreateWorkerOptions, type JobContext } from "@/lib/queue/create-worker";
import { editionDateAt, frequenciesDue } from "@/lib/digest/edition-date";
import { runEdition } from "@/lib/digest/run-edition";
import { runEditionDeps } from "@/lib/digest/runtime";

export async function processEditionJob(payload: JobOf<typeof QUEUE.edition>, { job, log }: JobContext): Promise<unknown> {
  const deps = runEditionDeps();
  if (payload.name === "tick") {
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
  const r = await runEdition(deps, payload.data.date, payload.data.frequency);
  log.info({ ...payload.data, editionId: r.edition.id, fanOut: r.fanOut, enqueued: r.enqueued }, "edition started");
  return { editionId: r.edition.id };
}

/** Lock and stall timings: how soon a fan-out whose worker died is taken over by another. */
export type EditionWorkerOptions = Pick<CreateWorkerOptions, "lockDurationMs" | "stalledIntervalMs">;

export function startEditionWorker(options: EditionWorkerOptions = {}): Worker {
  const { lockDurationMs, stalledIntervalMs } = options;
  return createWorker(QUEUE.edition, processEditionJob, { lockDurationMs, stalledIntervalMs, concurrency: 1, waitOutOutages: true });
}
