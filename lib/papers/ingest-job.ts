// The ingest queue's job body, callable without Redis: "ingest" jobs run an ingest and then re-tag if the topics
// changed since the last re-tag; "retag" jobs re-tag everything. Invalid payloads are permanent failures.
import { UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Db } from "@/lib/db";
import { ingestPayload, retagPayload } from "@/lib/queue/queues";
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

export async function processIngestJob(name: string, data: unknown, deps: IngestJobDeps): Promise<Record<string, unknown>> {
  const { log } = deps;
  if (name === "retag") {
    if (!retagPayload.safeParse(data).success) throw new UnrecoverableError("invalid retag payload");
    const r = await retagAllPapers(deps.db);
    log.info(r, "re-tagged papers");
    return { ...r };
  }
  const parsed = ingestPayload.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ingest payload: ${parsed.error.issues[0]?.message ?? ""}`);
  const summary = await runIngest(parsed.data, {
    ...deps,
    onPage: (p) => log.info(p, "ingest page"),
  });
  log.info({ source: parsed.data.source, date: parsed.data.date, skipped: summary.skipped.length }, formatSummary(summary));
  const retag = await retagIfTopicsChanged(deps.db, deps.fingerprints);
  if (retag) log.info(retag, "topics changed since the last run: re-tagged papers");
  return { new: summary.new, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped, arxivErrors: summary.arxivErrors, retagged: retag?.papers ?? 0 };
}
