// "Start from papers I know": papers a reader names on the preferences page (pasted arXiv ids or a BibTeX file)
// count as liked for their profile. Papers we do not have are looked up on arXiv when ingest reads from the live
// sources, within the request but bounded by a timeout; without that they are reported as not found.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { rebuildProfile } from "@/lib/feedback/profile-store";
import { createArxivClient } from "@/lib/papers/arxiv-client";
import { storeArxivPapers } from "@/lib/papers/ingest";
import type { ArxivLookup } from "@/lib/papers/sources";
import type { ArxivMeta } from "@/lib/papers/paper-input";

/** The longest a submission waits for arXiv before it reports the rest as not found. */
export const ARXIV_LOOKUP_TIMEOUT_MS = 10_000;

export interface KnownPapersReport {
  added: { id: string; title: string; fromArxiv: boolean }[];
  /** Named before, or saved from a digest. */
  alreadyKnown: { id: string; title: string }[];
  notFound: string[];
  /** True when some ids could not be looked up because arXiv did not answer in time (or is not configured). */
  arxivUnavailable: boolean;
}

export interface KnownPapersDeps {
  db: Db;
  /** null: this installation does not read arXiv (PAPERS_SOURCE=file), so unknown ids are simply not found. */
  arxiv: ArxivLookup | null;
  now: () => Date;
  timeoutMs?: number;
}

let sharedArxiv: { baseUrl: string; client: ArxivLookup } | undefined;

/** One client per process, so its limiter spaces every reader's lookups as arXiv asks. */
export function liveArxivLookup(): ArxivLookup | null {
  const e = env();
  if (e.PAPERS_SOURCE !== "hf") return null;
  if (sharedArxiv?.baseUrl !== e.ARXIV_API_URL) {
    sharedArxiv = { baseUrl: e.ARXIV_API_URL, client: createArxivClient({ baseUrl: e.ARXIV_API_URL, policy: { timeoutMs: ARXIV_LOOKUP_TIMEOUT_MS, retries: 1, maxRetryAfterMs: 0 } }) };
  }
  return sharedArxiv.client;
}

async function lookUp(arxiv: ArxivLookup, ids: string[], timeoutMs: number): Promise<Map<string, ArxivMeta> | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  try {
    return await Promise.race([arxiv.byIds(ids).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function addKnownPapers(subscriberId: string, ids: readonly string[], deps: KnownPapersDeps): Promise<KnownPapersReport> {
  const { db } = deps;
  const unique = [...new Set(ids)];
  const have = new Set((await db.paper.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((p) => p.id));
  const missing = unique.filter((id) => !have.has(id));
  const fromArxiv = new Set<string>();
  let arxivUnavailable = false;
  if (missing.length) {
    const found = deps.arxiv ? await lookUp(deps.arxiv, missing, deps.timeoutMs ?? ARXIV_LOOKUP_TIMEOUT_MS) : null;
    if (!found) arxivUnavailable = true;
    else {
      const wanted = [...found.values()].filter((m) => missing.includes(m.id));
      const { stored } = await storeArxivPapers(db, wanted, null, deps.now());
      for (const id of stored) fromArxiv.add(id);
    }
  }
  const papers = await db.paper.findMany({ where: { id: { in: unique } }, select: { id: true, title: true } });
  const titles = new Map(papers.map((p) => [p.id, p.title]));
  const present = unique.filter((id) => titles.has(id));
  const [known, saved] = await Promise.all([
    db.knownPaper.findMany({ where: { subscriberId, paperId: { in: present } }, select: { paperId: true } }),
    db.savedPaper.findMany({ where: { subscriberId, paperId: { in: present } }, select: { paperId: true } }),
  ]);
  const already = new Set([...known, ...saved].map((r) => r.paperId));
  const toAdd = present.filter((id) => !already.has(id));
  if (toAdd.length) {
    await db.knownPaper.createMany({ data: toAdd.map((paperId) => ({ subscriberId, paperId })), skipDuplicates: true });
    await rebuildProfile(db, subscriberId);
  }
  return {
    added: toAdd.map((id) => ({ id, title: titles.get(id)!, fromArxiv: fromArxiv.has(id) })),
    alreadyKnown: present.filter((id) => already.has(id)).map((id) => ({ id, title: titles.get(id)! })),
    notFound: unique.filter((id) => !titles.has(id)),
    arxivUnavailable,
  };
}
