// Ingest: pages of raw items -> validated papers -> upsert by arXiv id, an upvote snapshot when the numbers moved,
// the trending score, and topics. A bad item is skipped and reported; the rest of the page lands. Running the same
// ingest again changes nothing: unchanged papers are not written (updatedAt stays), no snapshot is added when
// upvotes and stars are the same, and topics are written as a diff.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { parseHfItem } from "@/lib/papers/hf-item";
import type { ArxivMeta, PaperInput } from "@/lib/papers/paper-input";
import type { ArxivLookup, PaperSource } from "@/lib/papers/sources";
import { trendingScore } from "@/lib/papers/trending-score";
import { loadTopicRules, syncPaperTopics } from "@/lib/topics/paper-topics";
import type { TopicRule } from "@/lib/topics/assign-topics";

export interface SkippedItem {
  id: string | undefined;
  reason: string;
}

export interface PageReport {
  page: number;
  items: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface IngestSummary {
  pages: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: SkippedItem[];
  /** arXiv enrichment problems (ingest goes on without categories). */
  arxivErrors: string[];
}

export interface IngestOptions {
  db: Db;
  source: PaperSource;
  arxiv?: ArxivLookup;
  onPage?: (report: PageReport) => void;
  now?: () => Date;
}

type Outcome = "new" | "updated" | "unchanged";

const paperSelect = {
  id: true, title: true, summary: true, authors: true, publishedAt: true, submittedOnDailyAt: true, dailyDate: true,
  upvotes: true, aiSummary: true, aiKeywords: true, githubRepo: true, githubStars: true, projectPage: true,
  numComments: true, thumbnail: true, arxivCategories: true, arxivVersion: true, source: true, trendingScore: true,
} as const;
type StoredPaper = Prisma.PaperGetPayload<{ select: typeof paperSelect }>;

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const same = (a: unknown, b: unknown): boolean => {
  if (a instanceof Date || b instanceof Date) return (a as Date | null)?.getTime() === (b as Date | null)?.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
};

/** The columns an input sets. An arXiv-only input never overwrites what Hugging Face said (upvotes, dates...). */
function columns(input: PaperInput, meta: ArxivMeta | undefined, existing: StoredPaper | null) {
  const arxiv = {
    arxivCategories: meta?.categories ?? existing?.arxivCategories ?? [],
    arxivVersion: meta?.version ?? existing?.arxivVersion ?? null,
  };
  if (input.source === "arxiv" && existing) {
    return { ...arxiv, ...(existing.authors.length ? {} : { authors: input.authors }) };
  }
  return {
    title: input.title,
    summary: input.summary,
    authors: input.authors,
    publishedAt: input.publishedAt ?? existing?.publishedAt ?? null,
    submittedOnDailyAt: input.submittedOnDailyAt ?? existing?.submittedOnDailyAt ?? null,
    dailyDate: input.dailyDate ? new Date(`${input.dailyDate}T00:00:00Z`) : (existing?.dailyDate ?? null),
    upvotes: input.upvotes,
    aiSummary: input.aiSummary,
    aiKeywords: input.aiKeywords,
    githubRepo: input.githubRepo,
    githubStars: input.githubStars,
    projectPage: input.projectPage,
    numComments: input.numComments,
    thumbnail: input.thumbnail,
    ...arxiv,
  };
}

async function upsertPaper(db: Db, input: PaperInput, meta: ArxivMeta | undefined, now: Date): Promise<Outcome> {
  const existing = await db.paper.findUnique({ where: { id: input.id }, select: paperSelect });
  const data = columns(input, meta, existing);
  let outcome: Outcome = "unchanged";
  if (!existing) {
    try {
      await db.paper.create({ data: { id: input.id, source: input.source, ...(data as Required<typeof data>), title: input.title, summary: input.summary } });
      outcome = "new";
    } catch (err) {
      // Another worker created it a moment ago: go again, now down the update path.
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
      return upsertPaper(db, input, meta, now);
    }
  } else {
    const changed = Object.fromEntries(
      Object.entries(data).filter(([k, v]) => !same(v, existing[k as keyof StoredPaper])),
    );
    if (Object.keys(changed).length) {
      await db.paper.update({ where: { id: input.id }, data: changed });
      outcome = "updated";
    }
  }

  const current = await db.paper.findUniqueOrThrow({
    where: { id: input.id },
    select: { upvotes: true, githubStars: true, publishedAt: true, dailyDate: true, trendingScore: true,
      snapshots: { orderBy: { takenAt: "desc" }, take: 2, select: { upvotes: true, githubStars: true, takenAt: true } } },
  });
  const last = current.snapshots[0];
  const snapshots = [...current.snapshots].reverse();
  // Upvote history: a snapshot only when the numbers moved, so re-running an ingest adds nothing.
  if (!last || last.upvotes !== current.upvotes || last.githubStars !== current.githubStars) {
    const snap = await db.paperSnapshot.create({
      data: { paperId: input.id, upvotes: current.upvotes, githubStars: current.githubStars, takenAt: now },
      select: { upvotes: true, takenAt: true, githubStars: true },
    });
    snapshots.push(snap);
  }
  const score = trendingScore({ ...current, dailyDate: day(current.dailyDate), snapshots });
  if (Math.abs(score - current.trendingScore) > 1e-9) {
    await db.paper.update({ where: { id: input.id }, data: { trendingScore: score } });
  }
  return outcome;
}

async function lookupArxiv(arxiv: ArxivLookup | undefined, ids: string[], errors: string[]): Promise<Map<string, ArxivMeta>> {
  if (!arxiv || ids.length === 0) return new Map();
  try {
    return await arxiv.byIds(ids);
  } catch (err) {
    errors.push((err as Error).message);
    return new Map();
  }
}

/** Upserts validated papers and tags them; returns the outcome per paper. */
export async function upsertPapers(
  db: Db,
  inputs: PaperInput[],
  meta: Map<string, ArxivMeta>,
  rules: TopicRule[],
  now: Date,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const input of inputs) outcomes.push(await upsertPaper(db, input, meta.get(input.id), now));
  const stored = await db.paper.findMany({
    where: { id: { in: inputs.map((p) => p.id) } },
    select: { id: true, title: true, summary: true, aiKeywords: true, arxivCategories: true },
  });
  await syncPaperTopics(db, stored, rules);
  return outcomes;
}

export async function ingestPapers(options: IngestOptions): Promise<IngestSummary> {
  const { db, source } = options;
  const now = options.now ?? (() => new Date());
  const rules = await loadTopicRules(db);
  const summary: IngestSummary = { pages: 0, new: 0, updated: 0, unchanged: 0, skipped: [], arxivErrors: [] };
  const seen = new Set<string>();
  for await (const page of source.pages()) {
    summary.pages += 1;
    const inputs: PaperInput[] = [];
    const skippedBefore = summary.skipped.length;
    for (const raw of page.items) {
      const parsed = parseHfItem(raw, source.name, page.listDate);
      if (!parsed.ok) summary.skipped.push({ id: parsed.id, reason: parsed.reason });
      else if (seen.has(parsed.paper.id)) summary.skipped.push({ id: parsed.paper.id, reason: "duplicate of an earlier item" });
      else {
        seen.add(parsed.paper.id);
        inputs.push(parsed.paper);
      }
    }
    const meta = await lookupArxiv(options.arxiv, inputs.map((p) => p.id), summary.arxivErrors);
    const outcomes = await upsertPapers(db, inputs, meta, rules, now());
    const report: PageReport = {
      page: page.page,
      items: page.items.length,
      new: outcomes.filter((o) => o === "new").length,
      updated: outcomes.filter((o) => o === "updated").length,
      unchanged: outcomes.filter((o) => o === "unchanged").length,
      skipped: summary.skipped.length - skippedBefore,
    };
    summary.new += report.new;
    summary.updated += report.updated;
    summary.unchanged += report.unchanged;
    options.onPage?.(report);
  }
  return summary;
}

/** Papers arXiv lists in the topics' categories that Hugging Face has not featured (or categories for ones it has). */
export async function ingestArxivRecent(options: {
  db: Db;
  arxiv: ArxivLookup;
  max?: number;
  onPage?: (report: PageReport) => void;
  now?: () => Date;
}): Promise<IngestSummary> {
  const { db, arxiv } = options;
  const rules = await loadTopicRules(db);
  const categories = [...new Set(rules.flatMap((r) => r.arxivCategories))].sort();
  const summary: IngestSummary = { pages: 1, new: 0, updated: 0, unchanged: 0, skipped: [], arxivErrors: [] };
  const entries = await arxiv.recent(categories, options.max ?? 100);
  const { outcomes, skipped } = await storeArxivPapers(db, entries, rules, (options.now ?? (() => new Date()))());
  summary.skipped.push(...skipped);
  summary.new = outcomes.filter((o) => o === "new").length;
  summary.updated = outcomes.filter((o) => o === "updated").length;
  summary.unchanged = outcomes.filter((o) => o === "unchanged").length;
  options.onPage?.({ page: 1, items: entries.length, new: summary.new, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped.length });
  return summary;
}

/** Stores papers known only from arXiv's API (no Daily Papers item); an entry without title or abstract is skipped. */
export async function storeArxivPapers(
  db: Db,
  entries: readonly ArxivMeta[],
  rules: TopicRule[] | null,
  now: Date,
): Promise<{ outcomes: Outcome[]; stored: string[]; skipped: SkippedItem[] }> {
  const skipped: SkippedItem[] = [];
  const inputs: PaperInput[] = [];
  for (const e of entries) {
    if (!e.title || !e.summary) {
      skipped.push({ id: e.id, reason: e.title ? "missing abstract" : "missing title" });
      continue;
    }
    inputs.push({
      id: e.id, title: e.title, summary: e.summary, authors: e.authors, publishedAt: e.publishedAt,
      submittedOnDailyAt: null, dailyDate: null, upvotes: 0, aiSummary: null, aiKeywords: [], githubRepo: null,
      githubStars: null, projectPage: null, numComments: 0, thumbnail: null, source: "arxiv",
    });
  }
  const outcomes = await upsertPapers(db, inputs, new Map(entries.map((e) => [e.id, e])), rules ?? (await loadTopicRules(db)), now);
  return { outcomes, stored: inputs.map((p) => p.id), skipped };
}
