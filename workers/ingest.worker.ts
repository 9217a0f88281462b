// Paper ingestion worker: wiring only (the job body is lib/papers/ingest-job.ts). Registers the job scheduler that
// ingests every INGEST_EVERY_MINUTES from PAPERS_SOURCE; upsertJobScheduler is idempotent, so every worker process
// may call it at start and there is still one schedule. Concurrency 1 per process: ingest is a few requests a run,
// and Hugging Face's budget (500 requests / 5 min) is shared through Redis across processes.
import type { Worker } from "bullmq";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis";
import { queue, QUEUE, SCHEDULER } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";
import { processIngestJob, redisFingerprintStore } from "@/lib/papers/ingest-job";
import { redisWindowLimiter } from "@/lib/papers/rate-limiter";
import { HF_REQUESTS_PER_WINDOW, HF_WINDOW_MS } from "@/lib/papers/hf-client";

export async function scheduleIngest(): Promise<void> {
  const e = env();
  await queue(QUEUE.ingest).upsertJobScheduler(
    SCHEDULER.ingest,
    { every: e.INGEST_EVERY_MINUTES * 60_000 },
    { name: "ingest", data: { source: e.PAPERS_SOURCE }, opts: { attempts: 4, backoff: { type: "exponential", delay: 60_000 } } },
  );
}

export async function startIngestWorker(): Promise<Worker> {
  const e = env();
  await scheduleIngest();
  const hfLimiter = redisWindowLimiter(redis(), `${e.REDIS_PREFIX}:ratelimit:hf`, HF_REQUESTS_PER_WINDOW, HF_WINDOW_MS);
  const fingerprints = redisFingerprintStore(redis(), `${e.REDIS_PREFIX}:topics:fingerprint`);
  return createWorker(QUEUE.ingest, (payload, { log }) => processIngestJob(payload, { db: db(), hfLimiter, fingerprints, log }), { concurrency: 1 });
}
