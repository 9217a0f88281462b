// The record of ingest runs: a row when a run starts, its counts when it ends (or its error when it fails), so the
// console can show what each run fetched and why items were skipped. Written by run-ingest.ts only.
import type { Db } from "@/lib/db";
import type { IngestSummary, SkippedItem } from "@/lib/papers/ingest";

/** Who started a run: the job scheduler, an operator's "ingest now", or `npm run ingest` (and tests). */
export type IngestTrigger = "schedule" | "operator" | "command line";

const KEPT_SKIP_REASONS = 100;

export interface IngestRunRow {
  id: string;
  source: string;
  listDate: string | null;
  trigger: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  startedAt: Date;
  finishedAt: Date | null;
  pages: number;
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedWhy: SkippedItem[];
  arxivErrors: string[];
  error: string | null;
}

export async function startIngestRun(db: Db, run: { source: string; listDate?: string; trigger: IngestTrigger; now: Date }): Promise<string> {
  const row = await db.ingestRun.create({
    data: { source: run.source, listDate: run.listDate ?? null, trigger: run.trigger, status: "RUNNING", startedAt: run.now },
    select: { id: true },
  });
  return row.id;
}

export async function finishIngestRun(db: Db, id: string, summary: IngestSummary, fetched: number, now: Date): Promise<void> {
  await db.ingestRun.update({
    where: { id },
    data: {
      status: "SUCCEEDED",
      finishedAt: now,
      pages: summary.pages,
      fetched,
      new: summary.new,
      updated: summary.updated,
      unchanged: summary.unchanged,
      skipped: summary.skipped.length,
      skippedWhy: summary.skipped.slice(0, KEPT_SKIP_REASONS).map((s) => ({ id: s.id ?? null, reason: s.reason })),
      arxivErrors: summary.arxivErrors.slice(0, KEPT_SKIP_REASONS),
    },
  });
}

export async function failIngestRun(db: Db, id: string, error: string, fetched: number, now: Date): Promise<void> {
  await db.ingestRun.update({ where: { id }, data: { status: "FAILED", finishedAt: now, fetched, error: error.slice(0, 1000) } });
}

/** The newest runs first. */
export async function listIngestRuns(db: Db, limit = 20): Promise<IngestRunRow[]> {
  const rows = await db.ingestRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "asc" }], take: limit });
  return rows.map((r) => ({
    ...r,
    status: r.status as IngestRunRow["status"],
    skippedWhy: Array.isArray(r.skippedWhy) ? (r.skippedWhy as unknown as SkippedItem[]) : [],
  }));
}
