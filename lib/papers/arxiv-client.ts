// arXiv's API: `GET {ARXIV_API_URL}/api/query?id_list=...` for categories and versions of known papers, and
// `search_query=cat:X OR cat:Y&sortBy=submittedDate` for new papers Hugging Face has not featured.
// arXiv asks for at most one request every three seconds; the limiter keeps that spacing.
import { fetchWithRetry, defaultPolicy, type FetchPolicy } from "@/lib/papers/http-fetch";
import { minIntervalLimiter } from "@/lib/papers/rate-limiter";
import { parseArxivAtom } from "@/lib/papers/arxiv-atom";
import type { ArxivMeta } from "@/lib/papers/paper-input";
import type { ArxivLookup } from "@/lib/papers/sources";

export interface ArxivClientOptions {
  baseUrl: string;
  /** Ids per id_list request (arXiv handles a few hundred; smaller keeps URLs short). */
  batchSize?: number;
  policy?: Partial<FetchPolicy>;
}

export function createArxivClient(options: ArxivClientOptions): ArxivLookup {
  const batchSize = options.batchSize ?? 100;
  const policy: FetchPolicy = { ...defaultPolicy, limiter: minIntervalLimiter(3_000), ...options.policy };
  const base = options.baseUrl.replace(/\/+$/, "");
  const get = (params: Record<string, string>) => {
    const u = new URL(`${base}/api/query`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return fetchWithRetry(u.toString(), policy, parseArxivAtom, "application/atom+xml");
  };

  return {
    async byIds(ids) {
      const out = new Map<string, ArxivMeta>();
      for (let i = 0; i < ids.length; i += batchSize) {
        const batch = ids.slice(i, i + batchSize);
        const feed = await get({ id_list: batch.join(","), start: "0", max_results: String(batch.length) });
        for (const e of feed.entries) out.set(e.id, e);
      }
      return out;
    },
    async recent(categories, max) {
      if (!categories.length) return [];
      const feed = await get({
        search_query: categories.map((c) => `cat:${c}`).join(" OR "),
        sortBy: "submittedDate",
        sortOrder: "descending",
        start: "0",
        max_results: String(max),
      });
      return feed.entries;
    },
  };
}
