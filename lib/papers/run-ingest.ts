// The body of an ingest run, shared by the BullMQ worker and `npm run ingest`: picks the source from the payload
// and the environment, ingests, and returns the summary. Dependencies can be injected (tests point the HTTP clients
// at a local server).
import { existsSync } from "node:fs";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import type { IngestPayload } from "@/lib/queue/queues";
import { createArxivClient } from "@/lib/papers/arxiv-client";
import { createHfClient, type HfClient } from "@/lib/papers/hf-client";
import { fileArxivLookup, fileSource, RECORDED_ARXIV_FILE } from "@/lib/papers/file-source";
import { ingestArxivRecent, ingestPapers, type IngestSummary, type PageReport } from "@/lib/papers/ingest";
import type { ArxivLookup, PaperSource } from "@/lib/papers/sources";
import type { RateLimiter } from "@/lib/papers/rate-limiter";
import { failIngestRun, finishIngestRun, startIngestRun, type IngestTrigger } from "@/lib/papers/ingest-run-store";

export interface RunIngestDeps {
  db: Db;
  onPage?: (report: PageReport) => void;
  /** For source "file": the recorded HF response (default PAPERS_FILE). */
  file?: string;
  /** For source "file": the recorded arXiv feed used for categories (default data/recorded/arxiv-query.xml). */
  arxivFile?: string;
  hf?: HfClient;
  arxiv?: ArxivLookup;
  /** Shared request budget for HF (the worker passes a Redis-backed one). */
  hfLimiter?: RateLimiter;
  now?: () => Date;
  /** Recorded with the run; without it, the payload's trigger, else "command line". */
  trigger?: IngestTrigger;
}

/** Several sources read one after another, pages numbered on. */
function chainSources(sources: PaperSource[]): PaperSource {
  return {
    name: sources[0]?.name ?? "hf",
    async *pages() {
      let n = 0;
      for (const s of sources) for await (const p of s.pages()) yield { ...p, page: ++n };
    },
  };
}

export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/** Runs an ingest and records it (IngestRun): started, then its counts, or its error before the error goes on. */
export async function runIngest(payload: IngestPayload, deps: RunIngestDeps): Promise<IngestSummary> {
  const clock = deps.now ?? (() => new Date());
  const runId = await startIngestRun(deps.db, {
    source: payload.source,
    listDate: payload.date,
    trigger: deps.trigger ?? payload.trigger ?? "command line",
    now: clock(),
  });
  let fetched = 0;
  const onPage = (report: PageReport) => {
    fetched += report.items;
    deps.onPage?.(report);
  };
  try {
    const summary = await ingestFrom(payload, { ...deps, onPage });
    await finishIngestRun(deps.db, runId, summary, fetched, clock());
    return summary;
  } catch (err) {
    await failIngestRun(deps.db, runId, err instanceof Error ? err.message : String(err), fetched, clock());
    throw err;
  }
}

async function ingestFrom(payload: IngestPayload, deps: RunIngestDeps): Promise<IngestSummary> {
  const { db, onPage, now } = deps;
  switch (payload.source) {
    case "file": {
      const arxivFile = deps.arxivFile ?? RECORDED_ARXIV_FILE;
      return ingestPapers({
        db,
        source: fileSource(deps.file ?? env().PAPERS_FILE, { date: payload.date }),
        arxiv: deps.arxiv ?? (existsSync(arxivFile) ? fileArxivLookup(arxivFile) : undefined),
        onPage,
        now,
      });
    }
    case "hf": {
      const hf = deps.hf ?? createHfClient({ baseUrl: env().HF_API_URL, policy: deps.hfLimiter ? { limiter: deps.hfLimiter } : {} });
      // Without a date (the scheduled run): yesterday's list too, whose upvotes are still moving.
      const today = now?.() ?? new Date();
      const dates = payload.date ? [payload.date] : [todayUtc(new Date(today.getTime() - 86_400_000)), todayUtc(today)];
      return ingestPapers({
        db,
        source: chainSources(dates.map((date) => hf.source({ date }))),
        arxiv: deps.arxiv ?? createArxivClient({ baseUrl: env().ARXIV_API_URL }),
        onPage,
        now,
      });
    }
    case "arxiv":
      return ingestArxivRecent({ db, arxiv: deps.arxiv ?? createArxivClient({ baseUrl: env().ARXIV_API_URL }), onPage, now });
  }
}

/** "42 new, 3 updated, 91 unchanged, 2 skipped (2503.1: missing title; ...)" */
export function formatSummary(s: IngestSummary): string {
  const skipped = s.skipped.length
    ? ` (${s.skipped.map((k) => `${k.id ?? "no id"}: ${k.reason}`).join("; ")})`
    : "";
  const arxiv = s.arxivErrors.length ? `; arXiv lookup failed: ${s.arxivErrors.join("; ")}` : "";
  return `${s.pages} page(s): ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped.length} skipped${skipped}${arxiv}`;
}
