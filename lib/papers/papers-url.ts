// The public /papers URL (?date=YYYY-MM-DD&topic=slug&page=N, all optional) and the internal path of its cached
// page (/cached/papers/<date|latest>/<topic|all>/<page>): one segment per filter, so each day, topic and page is
// one cache entry. Malformed values fall back to the defaults, as the page always did.
import { DATE_PARAM, TOPIC_PARAM } from "@/lib/papers/list-papers";

export const PAPERS_PAGE_SIZE = 10;
/** Enough pages for any day; a page number beyond this is a mistake or a crawler, not a reader. */
export const PAPERS_MAX_PAGE = 50;

export interface PapersQuery {
  date: string | null;
  topic: string | null;
  page: number;
}

interface ParamSource {
  get(name: string): string | null;
}

export function parsePapersQuery(params: ParamSource): PapersQuery {
  const date = params.get("date");
  const topic = params.get("topic");
  const page = Number(params.get("page") ?? "1");
  return {
    date: date && DATE_PARAM.test(date) ? date : null,
    topic: topic && topic.length <= 64 && TOPIC_PARAM.test(topic) ? topic : null,
    page: Number.isInteger(page) && page >= 1 && page <= PAPERS_MAX_PAGE ? page : 1,
  };
}

export function cachedPapersPath(q: PapersQuery): string {
  return `/cached/papers/${q.date ?? "latest"}/${q.topic ?? "all"}/${q.page}`;
}

/** Reads the segments of the cached path back; null for anything the proxy would never produce. */
export function papersQueryFromSegments(date: string, topic: string, page: string): PapersQuery | null {
  const n = Number(page);
  if (date !== "latest" && !DATE_PARAM.test(date)) return null;
  if (topic !== "all" && !(topic.length <= 64 && TOPIC_PARAM.test(topic))) return null;
  if (!/^[1-9]\d*$/.test(page) || n > PAPERS_MAX_PAGE) return null;
  return { date: date === "latest" ? null : date, topic: topic === "all" ? null : topic, page: n };
}

export function papersHref(q: Partial<PapersQuery>): string {
  const p = new URLSearchParams();
  if (q.date) p.set("date", q.date);
  if (q.topic) p.set("topic", q.topic);
  if (q.page && q.page > 1) p.set("page", String(q.page));
  const s = p.toString();
  return s ? `/papers?${s}` : "/papers";
}
