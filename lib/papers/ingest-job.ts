// The ingest queue's job body, callable without Redis: "ingest" jobs run an ingest and then re-tag if the topics
// changed since the last re-tag; "retag" jobs re-tag everything. The worker has parsed the payload (create-worker.ts).
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Db } from "@/lib/db";
import type { JobOf, QUEUE } from "@/lib/queue/queues";
import { formatSummary, runIngest, type RunIngestDeps } from "@/lib/papers/run-ingest";
import { retagAllPapers, retagIfTopicsChanged, type FingerprintStore } from "@/lib/topics/retag";

export interface IngestJobDeps extends Omit<RunIngestDeps, "db" | "onPage"> {
  db: Db;
  log: Logger;
  fingerprints: FingerprintStore;
}

export function redisFingerprintStore(redis: Redis, key: string): FingerprintStore {
  return { get: () => redis.get(key), set: async (v) => void (await redis.set(key, v)) };
}

export async function processIngestJob(job: JobOf<typeof QUEUE.ingest>, deps: IngestJobDeps): Promise<Record<string, unknown>> {
  const { log } = deps;
  if (job.name === "retag") {
    const r = await retagAllPapers(deps.db);
    log.info(r, "re-tagged papers");
    return { ...r };
  }
  const payload = job.data;
  const summary = await runIngest(payload, {
    ...deps,
    trigger: payload.trigger ?? "schedule",
    onPage: (p) => log.info(p, "ingest page"),
  });
  log.info({ source: payload.source, date: payload.date, skipped: summary.skipped.length }, formatSummary(summary));
  const retag = await retagIfTopicsChanged(deps.db, deps.fingerprints);
  if (retag) log.info(retag, "topics changed since the last run: re-tagged papers");
  return { new: summary.new, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped, arxivErrors: summary.arxivErrors, retagged: retag?.papers ?? 0 };
}
