// `npm run digest -- --date YYYY-MM-DD [--weekly] [--dry-run [--sample N]] [--resume]`
// Runs one edition now, in this process, through SMTP_URL: creates it (once), fans out, sends, and prints the
// result. The workers need not be running (if they are, the database decides who sends what; nobody gets two).
//   --dry-run   writes and sends nothing; prints what the first few subscribers would get
//   --resume    resumes an edition that paused itself after a burst of errors
import "dotenv/config";
import { env } from "@/lib/env";
import { db, disconnectDb } from "@/lib/db";
import { maskEmail } from "@/lib/logger";
import { closeSql, markSql, sql } from "@/lib/digest/pg-pool";
import { isEditionDate, type Frequency } from "@/lib/digest/edition-date";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { previewSelections } from "@/lib/digest/preview";
import { markDoneIfFinished, runEdition } from "@/lib/digest/run-edition";
import { findEdition } from "@/lib/digest/create-edition";
import { chunk, SEND_BATCH_SIZE } from "@/lib/digest/enqueue-sends";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { RetryLaterError } from "@/lib/digest/send-deliveries";
import { editionStatuses, formatStatus } from "@/lib/digest/status";

function usage(message?: string): never {
  if (message) console.error(`digest: ${message}`);
  console.error("usage: npm run digest -- --date YYYY-MM-DD [--weekly] [--dry-run [--sample N]] [--resume]");
  process.exit(2);
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

async function dryRun(date: string, frequency: Frequency, sample: number) {
  const e = env();
  const candidates = await loadCandidates(db(), date, frequency);
  const { rows, activeSubscribers } = await previewSelections(sql(), { date, frequency }, candidates, {
    topN: e.DIGEST_TOP_N,
    alsoTrending: e.DIGEST_ALSO_TRENDING,
    skipEmpty: e.DIGEST_SKIP_EMPTY,
    limit: sample,
  });
  const titles = new Map(
    (await db().paper.findMany({ where: { id: { in: candidates.papers.map((p) => p.id) } }, select: { id: true, title: true } })).map((p) => [p.id, p.title]),
  );
  console.log(`dry run: ${frequency.toLowerCase()} edition ${date}: ${candidates.papers.length} candidate papers, ${activeSubscribers} active ${frequency.toLowerCase()} subscribers. Nothing is written or sent.`);
  for (const r of rows) {
    console.log(`\n${maskEmail(r.email)}  topics: ${r.topics.join(", ") || "(none)"}`);
    if (!r.selection) {
      console.log("  no mail: nothing new in their topics");
      continue;
    }
    r.selection.paperIds.forEach((id, i) => console.log(`  ${i + 1}. ${titles.get(id) ?? id}\n     why: ${r.selection!.reasons[i]}`));
    if (r.selection.alsoTrendingIds.length) {
      console.log("  also trending:");
      for (const id of r.selection.alsoTrendingIds) console.log(`   - ${titles.get(id) ?? id}`);
    }
  }
}

async function sendNow(date: string, frequency: Frequency, resume: boolean) {
  const existing = await findEdition(db(), date, frequency);
  if (existing?.status === "PAUSED") {
    if (!resume) usage(`the ${date} edition is paused after a burst of errors; fix the cause, then add --resume`);
    await sql().query(`UPDATE "Edition" SET status = 'SENDING', "consecutiveErrors" = 0 WHERE id = $1 AND status = 'PAUSED'`, [existing.id]);
    console.log(`digest: resumed the ${date} edition`);
  }
  const jobs: string[][] = [];
  const result = await runEdition(
    {
      db: db(),
      sql: sql(),
      enqueue: async (js) => void jobs.push(...js.map((j) => j.deliveryIds)),
      topN: env().DIGEST_TOP_N,
      alsoTrending: env().DIGEST_ALSO_TRENDING,
      skipEmpty: env().DIGEST_SKIP_EMPTY,
    },
    date,
    frequency,
  );
  if (result.fanOut) {
    console.log(`digest: edition ${date} created: ${result.fanOut.pending} to send, ${result.fanOut.skipped} with nothing new, ${result.fanOut.contentGroups} distinct paper lists`);
  } else {
    // Created earlier (by the scheduler or an earlier run): send whatever is still pending.
    const pending = await sql().query<{ id: string }>(`SELECT id FROM "Delivery" WHERE "editionId" = $1 AND status = 'PENDING' ORDER BY id`, [result.edition.id]);
    jobs.push(...chunk(pending.rows.map((r) => r.id), SEND_BATCH_SIZE));
    console.log(`digest: edition ${date} exists (${result.edition.status}); ${pending.rows.length} deliveries still pending`);
  }
  const pool = createSmtpPool();
  // The batches are sent right here, not queued: close the edition once, after the last of them.
  const sender = createSender(pool, sql(), markSql(), async () => true);
  try {
    for (let attempt = 1; jobs.length && attempt <= 6; attempt++) {
      const round = jobs.splice(0);
      for (const ids of round) {
        try {
          await sender.sendBatch(ids);
        } catch (err) {
          if (err instanceof RetryLaterError) jobs.push(ids);
          else if (!(err instanceof Error && err.name === "UnrecoverableError")) throw err;
        }
      }
      if (jobs.length) await new Promise((r) => setTimeout(r, 2000 * 2 ** (attempt - 1) * (0.5 + Math.random())));
    }
  } finally {
    pool.close();
  }
  await markDoneIfFinished(sql(), result.edition.id);
  const [status] = await editionStatuses(sql(), { date, limit: 2 }).then((s) => s.filter((x) => x.frequency === frequency));
  if (status) console.log(formatStatus(status));
  console.log(`\nMails went to ${env().SMTP_URL.replace(/\/\/[^@/]*@/, "//")}. With the quickstart, read them at http://localhost:1080.`);
}

async function main() {
  const date = value("date");
  if (!date || !isEditionDate(date)) usage("--date YYYY-MM-DD is required");
  const frequency: Frequency = flag("weekly") ? "WEEKLY" : "DAILY";
  if (flag("dry-run")) await dryRun(date, frequency, Number(value("sample") ?? 5));
  else await sendNow(date, frequency, flag("resume"));
  await closeSql();
  await disconnectDb();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
