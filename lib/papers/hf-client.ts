// Hugging Face Daily Papers: `GET {HF_API_URL}/api/daily_papers?date=YYYY-MM-DD&p=N&limit=L` (also week=, month=).
// The response is a JSON array of items; a page shorter than `limit` is the last one.
import { fetchWithRetry, defaultPolicy, type FetchPolicy } from "@/lib/papers/http-fetch";
import { slidingWindowLimiter } from "@/lib/papers/rate-limiter";
import type { PaperSource, SourcePage } from "@/lib/papers/sources";

export interface HfQuery {
  date?: string;
  week?: string;
  month?: string;
}

export interface HfClientOptions {
  baseUrl: string;
  pageSize?: number;
  /** Safety stop: never walk more pages than this in one run. */
  maxPages?: number;
  policy?: Partial<FetchPolicy>;
}

/** HF's documented budget for anonymous API use: about 500 requests per 5 minutes. */
export const HF_REQUESTS_PER_WINDOW = 500;
export const HF_WINDOW_MS = 5 * 60_000;

function parseArray(body: string): unknown[] {
  const data: unknown = JSON.parse(body);
  if (!Array.isArray(data)) throw new Error("expected a JSON array of daily papers");
  return data;
}

export function createHfClient(options: HfClientOptions) {
  const pageSize = options.pageSize ?? 50;
  const maxPages = options.maxPages ?? 40;
  const policy: FetchPolicy = {
    ...defaultPolicy,
    limiter: slidingWindowLimiter(HF_REQUESTS_PER_WINDOW, HF_WINDOW_MS),
    ...options.policy,
  };
  const base = options.baseUrl.replace(/\/+$/, "");

  function url(query: HfQuery, page: number): string {
    const u = new URL(`${base}/api/daily_papers`);
    for (const [k, v] of Object.entries(query)) if (v) u.searchParams.set(k, v);
    u.searchParams.set("p", String(page));
    u.searchParams.set("limit", String(pageSize));
    return u.toString();
  }

  return {
    /** One page (0-based, as HF counts). */
    dailyPapers(query: HfQuery, page = 0): Promise<unknown[]> {
      return fetchWithRetry(url(query, page), policy, parseArray);
    },
    /** Every page of a day (or week/month), as a PaperSource. */
    source(query: HfQuery): PaperSource {
      const client = this;
      return {
        name: "hf",
        async *pages(): AsyncIterable<SourcePage> {
          for (let p = 0; p < maxPages; p++) {
            const items = await client.dailyPapers(query, p);
            if (items.length) yield { page: p + 1, items, listDate: query.date };
            if (items.length < pageSize) return;
          }
        },
      };
    },
  };
}
export type HfClient = ReturnType<typeof createHfClient>;
