// Wiring only: the reconcile queue (fired every minute by a job scheduler). The worker process also calls the same
// function on a plain timer, because a Redis that lost its data also lost the job scheduler.
import type { Worker } from "bullmq";
import { logger } from "@/lib/logger";
import { QUEUE } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";
import { reconcile, type ReconcileDeps } from "@/lib/digest/reconcile";

export async function runReconcile(deps: ReconcileDeps): Promise<void> {
  const r = await reconcile(deps);
  if (r.released || r.unknown || r.reenqueued || r.refannedOut || r.done) logger().child({ component: "reconcile" }).info(r, "reconciled");
}

export function startReconcileWorker(deps: ReconcileDeps): Worker {
  return createWorker(QUEUE.reconcile, () => runReconcile(deps), { concurrency: 1, waitOutOutages: true });
}
