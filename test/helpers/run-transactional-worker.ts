// Runs only the transactional worker as its own process, for the browser tests (the full `npm run worker` would
// also start schedulers the tests do not want). Stops cleanly on SIGTERM.
import { closeQueues } from "@/lib/queue/queues";
import { closeTransactionalPool } from "@/lib/mail/transactional-pool";
import { disconnectDb } from "@/lib/db";
import { startTransactionalWorker } from "@/workers/transactional.worker";

const worker = await startTransactionalWorker();
await worker.waitUntilReady();
console.log("transactional worker ready");
process.on("SIGTERM", () => {
  void (async () => {
    await worker.close();
    await closeQueues();
    closeTransactionalPool();
    await disconnectDb();
    process.exit(0);
  })();
});
