// The query of /papers (?topic=…&date=…&page=…) read from the address: what a reader asked for, or what is wrong
// with it in words a reader understands. Only the form is checked here; whether the topic exists and the page is
// within the last is known from the database (the page checks it).
import { DATE_PARAM, TOPIC_PARAM } from "@/lib/papers/list-papers";

export interface PapersQuery {
  topic?: string;
  date?: string;
  page: number;
}

type Param = string | string[] | undefined;
const one = (v: Param) => (Array.isArray(v) ? v[0] : v);

/** A cap far above any day's pages: a page number is a number a reader could have reached, not a 400-digit one. */
const MAX_PAGE = 100_000;

/** "2025-03-14" that is a real calendar day ("2025-02-30" is not). */
export function isCalendarDay(s: string): boolean {
  if (!DATE_PARAM.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function readPapersQuery(params: Record<string, Param>): { query: PapersQuery } | { problem: string } {
  const topic = one(params.topic) || undefined;
  const date = one(params.date) || undefined;
  const rawPage = one(params.page);
  if (topic !== undefined && !TOPIC_PARAM.test(topic)) return { problem: `There is no topic “${topic.slice(0, 60)}”.` };
  if (date !== undefined && !isCalendarDay(date)) return { problem: `“${date.slice(0, 30)}” is not a day: days are written like 2025-03-14.` };
  let page = 1;
  if (rawPage !== undefined && rawPage !== "") {
    page = /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : NaN;
    if (!(page >= 1 && page <= MAX_PAGE)) return { problem: `“${rawPage.slice(0, 30)}” is not a page number: pages are numbered from 1.` };
  }
  return { query: { topic, date, page } };
}

/** The address of a page of papers with the same filters; page 1 has no page parameter. */
export function papersHref(q: { topic?: string; date?: string | null; page?: number }): string {
  const p = new URLSearchParams();
  if (q.topic) p.set("topic", q.topic);
  if (q.date) p.set("date", q.date);
  if (q.page && q.page > 1) p.set("page", String(q.page));
  const s = p.toString();
  return s ? `/papers?${s}` : "/papers";
}
