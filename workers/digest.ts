// Starts the digest in a worker process: the three workers, the job schedulers (the edition at DIGEST_HOUR in
// DIGEST_TIMEZONE; the reconciler every minute) and a reconcile timer that survives a Redis that lost everything.
// Upserting a scheduler is idempotent, so every worker process may do it; a scheduler fires once per slot however
// many processes registered it, and the edition is created once however many times it fires.
import type { Worker } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { QUEUE, queue, SCHEDULER } from "@/lib/queue/queues";
import { closeOnShutdown } from "@/lib/queue/create-worker";
import { createSender, createSmtpPool, reconcileDeps } from "@/lib/digest/runtime";
import { closeSql } from "@/lib/digest/pg-pool";
import { registerClaimOwner, releaseClaimOwner } from "@/lib/digest/claim-owner";
import { availability } from "@/lib/outage/availability";
import { dependencyOf, isConnectionError } from "@/lib/outage/connection-error";
import { inBackground } from "@/lib/outage/in-background";

/** Call after every worker has closed. */
export async function closeDigestResources(): Promise<void> {
  await closeSql();
  await releaseClaimOwner();
}
import { startEditionWorker } from "./digest-edition.worker";
import { startSendWorker, type SendWorkerOptions } from "./digest-send.worker";
import { runReconcile, startReconcileWorker } from "./digest-reconcile.worker";

export interface DigestWorkerOptions extends SendWorkerOptions {
  reconcileEveryMs?: number;
  staleAfterMs?: number;
  fanOutGraceMs?: number;
  schedulers?: boolean;
}

/** `dailyPattern` replaces the cron pattern built from DIGEST_HOUR (a test fires it every second). */
export async function registerDigestSchedulers({ dailyPattern }: { dailyPattern?: string } = {}): Promise<void> {
  const e = env();
  await queue(QUEUE.edition).upsertJobScheduler(
    SCHEDULER.digestDaily,
    { pattern: dailyPattern ?? `0 ${e.DIGEST_HOUR} * * *`, tz: e.DIGEST_TIMEZONE },
    { name: "tick", data: {} },
  );
  await queue(QUEUE.reconcile).upsertJobScheduler(SCHEDULER.digestReconcile, { every: e.DIGEST_RECONCILE_SECONDS * 1000 }, { name: "reconcile", data: {} });
}

export async function startDigestWorkers(options: DigestWorkerOptions = {}): Promise<Worker[]> {
  const log = logger().child({ component: "digest" });
  // Claims name this process, so that when it dies a rerun or another worker's reconciler takes them over at once.
  await registerClaimOwner();
  const pool = createSmtpPool();
  const sender = createSender(pool);
  const deps = reconcileDeps({
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    ...(options.fanOutGraceMs !== undefined ? { fanOutGraceMs: options.fanOutGraceMs } : {}),
  });
  const workers = [startEditionWorker(options), startSendWorker(sender, options), startReconcileWorker(deps)];
  const outage = availability();
  for (const w of workers) {
    // A worker's own Redis connections failing: logged once per outage, not once per reconnect attempt.
    w.on("error", (err) => (isConnectionError(err) ? outage.suspect("redis", err) : log.warn({ err: err.message, worker: w.name }, "worker error")));
    w.on("active", () => outage.reportUp("redis"));
  }

  const withSchedulers = options.schedulers ?? true;
  const tick = async () => {
    const startedAt = outage.now();
    try {
      if (withSchedulers) await registerDigestSchedulers();
      await runReconcile(deps);
    } catch (err) {
      if (isConnectionError(err)) outage.reportDown(dependencyOf(err), err, startedAt);
      else log.warn({ err: (err as Error).message }, "reconcile timer failed; will retry");
    }
  };
  await tick();
  const timer = setInterval(() => inBackground(tick(), "reconcile timer"), options.reconcileEveryMs ?? env().DIGEST_RECONCILE_SECONDS * 1000);
  timer.unref();

  // As shutdown begins, the timer stops and the sender gives up outcomes held through an outage, so that running
  // batches can finish; the SMTP pool closes after them. The database pools close last (closeDigestResources).
  closeOnShutdown({
    begin: () => {
      clearInterval(timer);
      sender.close();
    },
    end: () => pool.close(),
  });
  return workers;
}
