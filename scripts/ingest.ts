// `npm run ingest`: one ingest run from the command line.
//   npm run ingest -- --source hf --date 2025-03-14     Hugging Face Daily Papers for a day (+ arXiv categories)
//   npm run ingest -- --source arxiv                    newest arXiv papers in the topics' categories
//   npm run ingest -- --from-file [PATH]                a recorded HF response (default PAPERS_FILE)
//   npm run ingest -- --from-file --date 2025-03-13     only one day of it
// Prints a progress line per page and a summary; exits 1 when nothing could be read.
import "dotenv/config";
import { db, disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import { InputError } from "@/lib/errors";
import { formatSummary, runIngest } from "@/lib/papers/run-ingest";
import { ingestPayload, type IngestPayload } from "@/lib/queue/queues";

const USAGE = `usage: npm run ingest -- [--source hf|file|arxiv] [--date YYYY-MM-DD] [--from-file [PATH]]

One ingest run: reads papers, tags them with topics and stores them (a paper already stored is updated).
  npm run ingest -- --source hf --date 2025-03-14     Hugging Face Daily Papers for a day (+ arXiv categories)
  npm run ingest -- --source arxiv                    newest arXiv papers in the topics' categories
  npm run ingest -- --from-file [PATH]                a recorded HF response (default PAPERS_FILE)
  npm run ingest -- --from-file --date 2025-03-13     only one day of it
Without --source, PAPERS_SOURCE decides. Prints a progress line per page and a summary; exits 1 when nothing
could be read, 2 on bad arguments.`;

function parseArgs(argv: string[]): { payload: IngestPayload; file?: string } {
  let source: string | undefined;
  let date: string | undefined;
  let file: string | undefined;
  let fromFile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? (argv[i + 1] && !argv[i + 1]!.startsWith("--") ? argv[++i] : undefined);
    if (flag === "--source") source = value();
    else if (flag === "--date") date = value();
    else if (flag === "--from-file") {
      fromFile = true;
      file = value();
    } else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new InputError(`unknown argument: ${arg}`);
  }
  const parsed = ingestPayload.safeParse({ source: fromFile ? "file" : (source ?? env().PAPERS_SOURCE), date });
  if (!parsed.success) throw new InputError(`bad arguments: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return { payload: parsed.data, file };
}

async function main(): Promise<number> {
  const { payload, file } = parseArgs(process.argv.slice(2));
  const what = payload.source === "file" ? `file ${file ?? env().PAPERS_FILE}` : payload.source;
  console.log(`ingest: ${what}${payload.date ? ` for ${payload.date}` : ""}`);
  const started = Date.now();
  const summary = await runIngest(payload, {
    db: db(),
    file,
    onPage: (p) =>
      console.log(`  page ${p.page}: ${p.items} items, ${p.new} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.skipped} skipped`),
  });
  console.log(`ingest done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${formatSummary(summary)}`);
  return 0;
}

main()
  .then(async (code) => {
    await disconnectDb();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`ingest failed: ${err instanceof Error ? err.message : String(err)}`);
    await disconnectDb();
    process.exit(1);
  });
