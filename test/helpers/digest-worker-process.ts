// A digest worker as a real child process, for fault tests that kill -9 it. Same code as `npm run worker` runs for
// the digest, with short timings (stale claims, stalled jobs, reconcile) so that recovery fits in a test. Tests that
// are not about recovery lengthen them far beyond any stall of a busy machine (TEST_STALE_MS, TEST_LOCK_MS).
import { startDigestWorkers } from "@/workers/digest";
import { closeQueues } from "@/lib/queue/queues";
import { closeWorkers } from "@/lib/queue/create-worker";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main() {
  await startDigestWorkers({
    schedulers: false,
    concurrency: num("TEST_SEND_CONCURRENCY", 2),
    reconcileEveryMs: num("TEST_RECONCILE_MS", 1000),
    staleAfterMs: num("TEST_STALE_MS", 3000),
    fanOutGraceMs: 3000,
    lockDurationMs: num("TEST_LOCK_MS", 4000),
    stalledIntervalMs: Math.min(num("TEST_LOCK_MS", 4000) / 2, 30_000),
  });
  process.stdout.write("ready\n");
  const stop = async () => {
    await closeWorkers();
    await closeQueues();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
