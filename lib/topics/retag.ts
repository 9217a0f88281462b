// Re-tags every paper against the topics as they are now in the database (after an operator added a topic or
// changed keywords). Keyset paging by id, a page at a time, so it scales to many papers and can run again at any
// point: each page is a diff (see paper-topics.ts).
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { loadTopicRules, syncPaperTopics, type TagChanges } from "@/lib/topics/paper-topics";
import type { TopicRule } from "@/lib/topics/assign-topics";

export interface RetagResult extends TagChanges {
  papers: number;
  topics: number;
}

export async function retagAllPapers(db: Db, options: { pageSize?: number; onPage?: (done: number) => void } = {}): Promise<RetagResult> {
  const pageSize = options.pageSize ?? 500;
  const rules = await loadTopicRules(db);
  const result: RetagResult = { papers: 0, topics: rules.length, added: 0, removed: 0, changed: 0 };
  let cursor: string | undefined;
  for (;;) {
    const page = await db.paper.findMany({
      where: cursor ? { id: { gt: cursor } } : {},
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, title: true, summary: true, aiKeywords: true, arxivCategories: true },
    });
    if (page.length === 0) break;
    const c = await syncPaperTopics(db, page, rules);
    result.papers += page.length;
    result.added += c.added;
    result.removed += c.removed;
    result.changed += c.changed;
    cursor = page.at(-1)!.id;
    options.onPage?.(result.papers);
  }
  return result;
}

/** A digest of the active topics' rules: it changes exactly when a re-tag could change something. */
export function topicsFingerprint(rules: TopicRule[]): string {
  const canonical = rules
    .map((r) => ({ id: r.id, k: [...r.keywords].sort(), c: [...r.arxivCategories].sort() }))
    .sort((a, b) => a.id - b.id);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/** Where the last fingerprint is kept (Redis in the worker). Losing it only costs one extra, harmless re-tag. */
export interface FingerprintStore {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
}

/** Re-tags when the topics changed since the last re-tag (operators may edit the Topic table directly). */
export async function retagIfTopicsChanged(db: Db, store: FingerprintStore): Promise<RetagResult | null> {
  const fingerprint = topicsFingerprint(await loadTopicRules(db));
  if ((await store.get()) === fingerprint) return null;
  const result = await retagAllPapers(db);
  await store.set(fingerprint);
  return result;
}
