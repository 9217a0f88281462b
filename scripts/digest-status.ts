// `npm run digest:status [-- --date YYYY-MM-DD] [--watch]`: counts by delivery state, send rate over the last
// minute, ETA and a progress bar for the latest editions (or one date). --watch refreshes every 2 s until done.
import "dotenv/config";
import { closeSql, sql } from "@/lib/digest/pg-pool";
import { editionStatuses, formatStatus } from "@/lib/digest/status";

const args = process.argv.slice(2);
const dateIndex = args.indexOf("--date");
const date = dateIndex >= 0 ? args[dateIndex + 1] : undefined;
const watch = args.includes("--watch");

async function main() {
  for (;;) {
    const statuses = await editionStatuses(sql(), { ...(date ? { date } : {}), limit: date ? 2 : 3 });
    const text = statuses.length ? statuses.map(formatStatus).join("\n\n") : "no editions yet";
    if (watch && process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
    console.log(text);
    if (!watch || statuses.every((s) => s.status === "DONE" || s.status === "PAUSED")) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  await closeSql();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
