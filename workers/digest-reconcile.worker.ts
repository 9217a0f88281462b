// Wiring only: the reconcile queue (fired every minute by a job scheduler). The worker process also calls the same
// function on a plain timer, because a Redis that lost its data also lost the job scheduler.
import { Worker } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bullConnection, QUEUE } from "@/lib/queue/queues";
import { reconcile, type ReconcileDeps } from "@/lib/digest/reconcile";
import { waitOutOutages } from "@/lib/queue/wait-out-outage";

export async function runReconcile(deps: ReconcileDeps): Promise<void> {
  const r = await reconcile(deps);
  if (r.released || r.unknown || r.reenqueued || r.refannedOut || r.done) logger().child({ component: "reconcile" }).info(r, "reconciled");
}

export function startReconcileWorker(deps: ReconcileDeps): Worker {
  return new Worker(QUEUE.reconcile, waitOutOutages(() => runReconcile(deps)), {
    connection: bullConnection(),
    prefix: env().REDIS_PREFIX,
    concurrency: 1,
  });
}
