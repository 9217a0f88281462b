// `npm run digest -- --date YYYY-MM-DD ...`: runs one edition now, in this process, through SMTP_URL (see USAGE).
import "dotenv/config";
import { env } from "@/lib/env";
import { db, disconnectDb } from "@/lib/db";
import { maskEmail } from "@/lib/logger";
import { closeSql, markSql, sql } from "@/lib/digest/pg-pool";
import type { Frequency } from "@/lib/digest/frequency";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { previewSelections, recordedDeliveries } from "@/lib/digest/preview";
import { readerSource } from "@/lib/feedback/reader-source";
import { runEdition } from "@/lib/digest/run-edition";
import { findEdition, markDoneIfFinished, reopenEdition, resumeEdition } from "@/lib/digest/edition-store";
import { chunk, SEND_BATCH_SIZE } from "@/lib/digest/enqueue-sends";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { RetryLaterError } from "@/lib/digest/send-deliveries";
import { countSent, pendingDeliveryIds, takeOverClaims } from "@/lib/digest/delivery-store";
import { registerClaimOwner, releaseClaimOwner } from "@/lib/digest/claim-owner";
import { editionStatuses, formatStatus } from "@/lib/digest/status";
import { candidateWindow } from "@/lib/digest/edition-date";
import { readableText } from "@/lib/papers/readable-text";
import { editionDateOption, parseCommandLine, usageError } from "@/lib/cli/command-line";

const USAGE = `usage: npm run digest -- --date YYYY-MM-DD [--weekly] [--dry-run [--sample N]] [--resume] [--force] [--reopen]

Runs one edition now, in this process, through SMTP_URL: creates it (once), fans out, sends, and prints the result.
The workers need not be running (if they are, the database decides who sends what; nobody gets two). Run it again
at any time: it sends only what is still pending, and takes over what a run that died (kill -9, crash) had claimed.

  --date D     the edition's calendar date (in DIGEST_TIMEZONE)
  --weekly     the weekly edition of that date instead of the daily one
  --dry-run    writes and sends nothing: what the first few subscribers would get, or, for an edition that
               exists already, what they got
  --sample N   how many subscribers a dry run shows (default 5)
  --resume     resumes an edition that paused itself after a burst of errors
  --force      creates the edition even when no papers are recorded for its date (everyone is then skipped)
  --reopen     removes a DONE edition that sent nothing (e.g. run for a wrong date) and runs the date afresh
  --help       this text

Exit codes: 0 done, 1 refused or failed (the reason is printed), 2 bad arguments.`;

const SPEC = {
  name: "digest",
  usage: USAGE,
  options: {
    date: { type: "string" },
    weekly: { type: "boolean" },
    "dry-run": { type: "boolean" },
    sample: { type: "string" },
    resume: { type: "boolean" },
    force: { type: "boolean" },
    reopen: { type: "boolean" },
  },
} as const;

/** A refusal the operator can act on: printed without a stack, exit 1. */
class Refusal extends Error {}

async function paperTitles(ids: string[]): Promise<Map<string, string>> {
  const papers = await db().paper.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } });
  return new Map(papers.map((p) => [p.id, readableText(p.title)]));
}

function printPapers(titles: Map<string, string>, paperIds: string[], reasons: string[], alsoTrendingIds: string[]) {
  paperIds.forEach((id, i) => console.log(`  ${i + 1}. ${titles.get(id) ?? id}\n     why: ${reasons[i] ?? ""}`));
  if (alsoTrendingIds.length) {
    console.log("  also trending:");
    for (const id of alsoTrendingIds) console.log(`   - ${titles.get(id) ?? id}`);
  }
}

async function dryRun(date: string, frequency: Frequency, sample: number) {
  const e = env();
  const kind = `${frequency.toLowerCase()} edition ${date}`;
  const existing = await findEdition(db(), date, frequency);
  if (existing && existing.status !== "FANNING_OUT") {
    // Its rows say what each subscriber got (or gets): a fresh pick would differ (papers already received count).
    const { rows, counts } = await recordedDeliveries(sql(), existing.id, sample);
    const verb = existing.status === "DONE" ? "was already sent" : "is being sent";
    console.log(`dry run: ${kind} ${verb} (${existing.status}): what the first ${rows.length} subscribers got. Nothing is written or sent.`);
    console.log(`  deliveries: ${Object.entries(counts).map(([k, n]) => `${k.toLowerCase()} ${n}`).join(" · ")}`);
    const titles = await paperTitles(rows.flatMap((r) => [...r.paperIds, ...r.alsoTrendingIds]));
    for (const r of rows) {
      console.log(`\n${maskEmail(r.email)}  topics: ${r.topics.join(", ") || "(none)"}: ${r.status.toLowerCase()}`);
      if (r.paperIds.length === 0 && r.alsoTrendingIds.length === 0) console.log("  no mail: nothing new in their topics");
      else printPapers(titles, r.paperIds, r.reasons, r.alsoTrendingIds);
    }
    return;
  }
  const candidates = await loadCandidates(db(), date, frequency);
  const { rows, activeSubscribers } = await previewSelections(sql(), { date, frequency }, candidates, {
    topN: e.DIGEST_TOP_N,
    alsoTrending: e.DIGEST_ALSO_TRENDING,
    skipEmpty: e.DIGEST_SKIP_EMPTY,
    limit: sample,
    readers: readerSource(db(), sql(), candidates.papers.map((p) => p.id)),
  });
  const titles = await paperTitles(candidates.papers.map((p) => p.id));
  console.log(`dry run: ${kind}: ${candidates.papers.length} candidate papers, ${activeSubscribers} active ${frequency.toLowerCase()} subscribers. Nothing is written or sent.`);
  if (candidates.papers.length === 0) console.log(noPapersMessage(date, frequency));
  for (const r of rows) {
    console.log(`\n${maskEmail(r.email)}  topics: ${r.topics.join(", ") || "(none)"}`);
    if (!r.selection) console.log("  no mail: nothing new in their topics");
    else printPapers(titles, r.selection.paperIds, r.selection.reasons, r.selection.alsoTrendingIds);
  }
}

function noPapersMessage(date: string, frequency: Frequency): string {
  const w = candidateWindow(date, frequency);
  return `no papers for the ${frequency.toLowerCase()} edition ${date} (Daily Papers dated ${w.from} to ${w.to}): is the date right, and were they ingested (npm run ingest)?`;
}

async function sendNow(date: string, frequency: Frequency, options: { resume: boolean; force: boolean; reopen: boolean }) {
  const kind = `${frequency.toLowerCase()} edition ${date}`;
  // Claims of this run name this process: if it dies, the next run takes them over at once.
  await registerClaimOwner();
  let existing = await findEdition(db(), date, frequency);
  if (options.reopen) {
    if (!existing) throw new Refusal(`there is no ${kind} to re-open`);
    const r = await reopenEdition(sql(), existing.id);
    if (!r.reopened) throw new Refusal(`the ${kind} cannot be re-opened: ${r.reason}`);
    console.log(`digest: re-opened the ${kind}: it had sent nothing; its ${r.removed} delivery rows were removed`);
    existing = null;
  }
  if (existing?.status === "PAUSED") {
    if (!options.resume) throw new Refusal(`the ${kind} is paused after a burst of errors; fix the cause, then add --resume`);
    await resumeEdition(sql(), existing.id);
    console.log(`digest: resumed the ${kind}`);
  }
  if (!existing && !options.force) {
    // A mistyped date would otherwise create the edition, skip everyone and close it.
    const candidates = await loadCandidates(db(), date, frequency);
    if (candidates.papers.length === 0) {
      throw new Refusal(`${noPapersMessage(date, frequency)} Nothing was created. To create it anyway (everyone is skipped), add --force.`);
    }
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
  const editionId = result.edition.id;
  if (result.fanOut) {
    console.log(`digest: edition ${date} created: ${result.fanOut.pending} to send, ${result.fanOut.skipped} with nothing new, ${result.fanOut.contentGroups} distinct paper lists`);
  } else {
    // Created earlier (by the scheduler or an earlier run). First the claims of runs that died: the never-sent
    // go back to pending, those whose bytes may have left become UNKNOWN. Then whatever is pending.
    const taken = await takeOverClaims(sql(), { editionId, staleBefore: new Date(Date.now() - env().DIGEST_STALE_CLAIM_SECONDS * 1000) });
    if (taken.released + taken.unknown > 0) {
      const total = taken.released + taken.unknown;
      const expired = total - taken.ownerGone;
      console.log(
        `digest: took over ${total} claims of a run that is gone: ${taken.released} back to pending (never transmitted), ${taken.unknown} UNKNOWN` +
          ` (transmission had started: may have arrived, not resent)${expired ? `; ${expired} of them had expired by age` : ""}`,
      );
    }
    const pending = await pendingDeliveryIds(sql(), editionId);
    jobs.push(...chunk(pending, SEND_BATCH_SIZE));
    const status = (await findEdition(db(), date, frequency))?.status ?? result.edition.status;
    console.log(`digest: edition ${date} exists (${status}); ${pending.length} deliveries still pending`);
  }
  const sentBefore = await countSent(sql(), editionId);
  if (jobs.length) {
    const pool = createSmtpPool();
    // The batches are sent right here, not queued: close the edition once, after the last of them.
    const sender = createSender(pool, { sql: sql(), markSql: markSql(), moreBatchesQueued: async () => true });
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
  }
  await markDoneIfFinished(sql(), editionId);
  const sentNow = (await countSent(sql(), editionId)) - sentBefore;
  const [status] = await editionStatuses(sql(), { date, limit: 2 }).then((s) => s.filter((x) => x.frequency === frequency));
  if (status) console.log(formatStatus(status));
  if (sentNow > 0) {
    console.log(`\nThis run sent ${sentNow} mails. Mails went to ${env().SMTP_URL.replace(/\/\/[^@/]*@/, "//")}. With the quickstart, read them at http://localhost:1080.`);
  } else if (status && status.status !== "DONE") {
    console.log(`\ndigest: this run sent nothing; the edition is ${status.status}. See npm run digest:status -- --date ${date}`);
  } else {
    console.log(`\ndigest: this run sent nothing: the ${kind} has nothing left to send.`);
  }
}

async function main() {
  const { values } = parseCommandLine(SPEC);
  const date = editionDateOption(SPEC, values.date, true);
  const frequency: Frequency = values.weekly ? "WEEKLY" : "DAILY";
  const sample = Number(values.sample ?? 5);
  if (!Number.isInteger(sample) || sample < 1) usageError(SPEC, `--sample takes a whole number of subscribers, not "${values.sample}"`);
  if (values["dry-run"] && (values.reopen || values.resume || values.force)) usageError(SPEC, "--dry-run changes nothing; leave out --reopen, --resume and --force");
  try {
    if (values["dry-run"]) await dryRun(date, frequency, sample);
    else await sendNow(date, frequency, { resume: !!values.resume, force: !!values.force, reopen: !!values.reopen });
  } finally {
    await releaseClaimOwner();
    await closeSql();
    await disconnectDb();
  }
}

main().catch((err) => {
  console.error(err instanceof Refusal ? `digest: ${err.message}` : err instanceof Error ? err.message : err);
  process.exit(1);
});
