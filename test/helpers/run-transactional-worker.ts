// Runs only the transactional worker as its own process, for the browser tests (the full `npm run worker` would
// also start schedulers the tests do not want). Stops cleanly on SIGTERM.
import { closeQueues } from "@/lib/queue/queues";
import { closeTransport } from "@/lib/mail/transport";
import { disconnectDb } from "@/lib/db";
import { startTransactionalWorker } from "@/workers/transactional.worker";

const worker = await startTransactionalWorker();
await worker.waitUntilReady();
console.log("transactional worker ready");
process.on("SIGTERM", () => {
  void (async () => {
    await worker.close();
    await closeQueues();
    closeTransport();
    await disconnectDb();
    process.exit(0);
  })();
});
