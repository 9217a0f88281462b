// A worker process for the scheduler test: registers the daily job scheduler with a pattern that fires every second
// (as every worker process registers it) and runs the edition worker that turns its ticks into editions.
import { registerDigestSchedulers } from "@/workers/digest";
import { startEditionWorker } from "@/workers/digest-edition.worker";

async function main() {
  await registerDigestSchedulers({ dailyPattern: "* * * * * *" });
  startEditionWorker();
  process.stdout.write("ready\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
