// Fires the daily scheduler's "tick" N times at once in this process, the way a job scheduler that fired twice (or
// two processes that each registered it) would. Prints the edition ids it saw.
import type { Job } from "bullmq";
import { processEditionJob } from "@/workers/digest-edition.worker";
import { closeQueues } from "@/lib/queue/queues";
import { logger } from "@/lib/logger";
import { closeSql } from "@/lib/digest/pg-pool";
import { disconnectDb } from "@/lib/db";

const times = Number(process.argv[2] ?? 1);
const firedAt = Number(process.argv[3]);

async function main() {
  const tick = (i: number) => ({ id: `tick-${process.pid}-${i}`, name: "tick", data: {}, timestamp: firedAt, opts: {} }) as unknown as Job;
  const results = await Promise.all(
    Array.from({ length: times }, (_, i) => processEditionJob({ name: "tick", data: {} }, { job: tick(i), log: logger().child({ jobId: `tick-${i}` }) })),
  );
  process.stdout.write(`${JSON.stringify(results)}\n`);
  await closeQueues();
  await closeSql();
  await disconnectDb();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
