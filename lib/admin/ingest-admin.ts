// Papers and ingest from the console: the recorded runs, the source in use, what the ingest queue holds, and
// "ingest now" (through the queue's typed producer; nothing is added while an ingest waits or runs), audited.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";
import { listIngestRuns, type IngestRunRow } from "@/lib/papers/ingest-run-store";
import { addIngestNowJob, queue, QUEUE } from "@/lib/queue/queues";

export interface IngestSourceInUse {
  source: "hf" | "file";
  description: string;
  everyMinutes: number;
}

/** What the scheduled ingest (and "ingest now") reads, from PAPERS_SOURCE. */
export function sourceInUse(): IngestSourceInUse {
  const e = env();
  const description =
    e.PAPERS_SOURCE === "hf"
      ? `the Hugging Face Daily Papers API at ${e.HF_API_URL}, with arXiv metadata from ${e.ARXIV_API_URL}`
      : `the recorded file ${e.PAPERS_FILE}`;
  return { source: e.PAPERS_SOURCE, description, everyMinutes: e.INGEST_EVERY_MINUTES };
}

export interface IngestOverview {
  source: IngestSourceInUse;
  runs: IngestRunRow[];
  /** Ingest jobs waiting or running now (the scheduler's next firing excluded). */
  queued: number;
  running: number;
  papers: number;
}

export async function ingestOverview(db: Db): Promise<IngestOverview> {
  const counts = await queue(QUEUE.ingest).getJobCounts("active", "waiting", "prioritized");
  return {
    source: sourceInUse(),
    runs: await listIngestRuns(db, 20),
    queued: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    running: counts.active ?? 0,
    papers: await db.paper.count(),
  };
}

/** Queues an ingest from the source in use unless one is waiting or running; audited either way. */
export async function requestIngestNow(db: Db, operator: Pick<Operator, "email">, client: { ip: string; userAgent: string }): Promise<boolean> {
  const source = sourceInUse().source;
  const queued = await addIngestNowJob(source);
  await appendAudit(db, {
    actor: operator.email,
    action: "asked for an ingest now",
    target: `ingest from ${source}`,
    detail: queued ? "queued" : "not queued: an ingest was already waiting or running",
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return queued;
}
