// The worker process (`npm run worker`): starts every BullMQ worker and job scheduler; SIGTERM/SIGINT close them
// gracefully (running jobs finish, nothing new is taken).
import "dotenv/config";
import type { Worker } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { closeQueues } from "@/lib/queue/queues";
import { closeWorkers } from "@/lib/queue/create-worker";
import { closeTransactionalPool } from "@/lib/mail/transactional-pool";
import { db, disconnectDb } from "@/lib/db";
import { disconnectRedis, redis } from "@/lib/redis";
import { startTransactionalWorker } from "./transactional.worker";
import { startSubscriberExpiryWorker } from "./subscriber-expiry.worker";
import { startIngestWorker } from "./ingest.worker";
import { closeDigestResources, startDigestWorkers } from "./digest";
import { startBounceListenerWorker } from "./bounce-listener";
import { startBounceMailboxWorker } from "./bounce-mailbox.worker";
import { availability } from "@/lib/outage/availability";
import { dependencyOf, isConnectionError } from "@/lib/outage/connection-error";
import { printHelpIfAsked } from "@/lib/cli/command-line";

printHelpIfAsked(`usage: npm run worker

Starts every worker (confirmation and welcome mail, subscriber expiry, paper ingest, the digest: fan-out, sending
and the reconciler, and the bounce listener when BOUNCE_SMTP_PORT is set) and the job schedulers, in this process. Run as many as you like, on any machines sharing the
same PostgreSQL and Redis. SIGTERM or Ctrl-C stops it gracefully (running jobs finish, nothing new is taken).
Configuration comes from the environment (.env); see .env.example.`);

type Starter = () => Promise<Worker | Worker[] | void>;

// Each entry wires one worker file; add new workers here.
const starters: Record<string, Starter> = {
  transactional: startTransactionalWorker,
  subscriberExpiry: startSubscriberExpiryWorker,
  ingest: startIngestWorker,
  digest: () => startDigestWorkers(),
  // The listener when BOUNCE_SMTP_PORT and BOUNCE_DOMAIN are set, the mailbox poller when BOUNCE_IMAP_URL is.
  bounces: async () => {
    await startBounceListenerWorker();
    return (await startBounceMailboxWorker()) ?? undefined;
  },
};

async function main(): Promise<void> {
  const wanted = env().WORKERS; // fail fast on bad configuration
  const unknown = wanted.filter((w) => !(w in starters));
  if (unknown.length) throw new Error(`WORKERS: unknown worker(s) ${unknown.join(", ")}; known: ${Object.keys(starters).join(", ")}`);
  const log = logger().child({ component: "workers" });
  // Error events of connections say nothing about when their command was sent: a fresh request decides.
  availability().setProbe("redis", () => redis().ping());
  availability().setProbe("postgres", () => db().$queryRawUnsafe("SELECT 1"));
  const workers: Worker[] = [];
  for (const [name, start] of Object.entries(starters)) {
    if (wanted.length && !wanted.includes(name)) continue;
    const started = await start();
    if (started) workers.push(...(Array.isArray(started) ? started : [started]));
    log.info({ worker: name }, "worker started");
  }
  log.info({ count: workers.length }, "all workers started");

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down");
    // Workers first (running jobs finish), then the timers and pools they used, then queues and connections.
    await closeWorkers();
    await closeQueues();
    await closeDigestResources();
    closeTransactionalPool();
    await disconnectRedis();
    await disconnectDb();
    process.exit(0);
  };
  const shutdownOrExit = (signal: string): void => {
    shutdown(signal).catch((err: unknown) => {
      log.error({ err: err instanceof Error ? err.message : String(err) }, "shutdown failed");
      process.exit(1);
    });
  };
  process.on("SIGTERM", () => shutdownOrExit("SIGTERM"));
  process.on("SIGINT", () => shutdownOrExit("SIGINT"));
}

// The last line of defence. A lost connection to PostgreSQL or Redis is an outage the workers wait out (they
// back off and resume), so it never ends the process; anything else is a bug whose state cannot be trusted.
const fatal = (kind: string) => (err: unknown) => {
  if (isConnectionError(err)) {
    availability().suspect(dependencyOf(err), err);
    return;
  }
  logger().child({ component: "workers" }).fatal({ err: err instanceof Error ? err.stack : String(err), kind }, "unrecoverable error; exiting");
  process.exit(1);
};
process.on("unhandledRejection", fatal("unhandledRejection"));
process.on("uncaughtException", fatal("uncaughtException"));

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
