// `npm run digest:status`: progress of the latest editions (or of one date); see USAGE.
import "dotenv/config";
import { closeSql, sql } from "@/lib/digest/pg-pool";
import { editionStatuses, formatStatus } from "@/lib/digest/status";
import { latestEdition } from "@/lib/digest/edition-store";
import { editionDateOption, parseCommandLine } from "@/lib/cli/command-line";
import { formatIntakeCounts, intakeCounts } from "@/lib/bounces/bounce-store";

const USAGE = `usage: npm run digest:status [-- [--date YYYY-MM-DD] [--watch]]

Counts by delivery state, the send rate, an ETA and a progress bar for the latest editions (or for one date). An
edition that cannot move (nothing alive is sending it) shows why, and the command that finishes it, instead of an ETA.

  --date D   the daily and weekly editions of that date
  --watch    refreshes every 2 s until every edition shown is done or paused
  --help     this text

Exit codes: 0 shown, 1 no edition for the date given, 2 bad arguments.`;

const SPEC = { name: "digest:status", usage: USAGE, options: { date: { type: "string" }, watch: { type: "boolean" } } } as const;

async function main(): Promise<number> {
  const { values } = parseCommandLine(SPEC);
  const date = editionDateOption(SPEC, values.date, false);
  for (;;) {
    const statuses = await editionStatuses(sql(), { ...(date ? { date } : {}), limit: date ? 2 : 3 });
    if (statuses.length === 0) {
      const latest = await latestEdition(sql());
      if (!latest) console.log("no editions yet");
      else if (date) {
        console.log(`no edition for ${date} (latest: ${latest.frequency.toLowerCase()} ${latest.date})`);
        return 1;
      }
      return 0;
    }
    if (values.watch && process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
    console.log(statuses.map(formatStatus).join("\n\n"));
    const intake = formatIntakeCounts(await intakeCounts(sql()));
    if (intake) console.log(`\n${intake}`);
    if (!values.watch || statuses.every((s) => s.status === "DONE" || s.status === "PAUSED" || s.stuck)) return 0;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

main()
  .then(async (code) => {
    await closeSql();
    process.exit(code);
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
