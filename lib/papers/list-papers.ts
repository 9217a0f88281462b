// Read side for the web: trending papers of a Daily Papers day (or a range of days, for weekly rankings), filtered by
// topic, as plain DTOs with readable titles and abstracts (LaTeX turned into text; the caller escapes, React does).
import type { Db } from "@/lib/db";
import { readableText } from "@/lib/papers/readable-text";

export interface PaperCard {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  upvotes: number;
  numComments: number;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  dailyDate: string | null;
  trendingScore: number;
  topics: { slug: string; name: string; reason: string }[];
  links: { abs: string; pdf: string; hf: string };
}

export interface TrendingQuery {
  /** "YYYY-MM-DD"; default: the latest day with papers. */
  date?: string;
  /** Days ending at `date` (1 = that day, 7 = the week up to it). */
  days?: number;
  topic?: string;
  limit?: number;
  /** "trending" (default): by trending score; "upvotes": most upvoted first, an order a reader can check. */
  order?: "trending" | "upvotes";
}

export const DATE_PARAM = /^\d{4}-\d{2}-\d{2}$/;
export const TOPIC_PARAM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Only http(s) links from upstream data are rendered: a "javascript:" githubRepo must never become a link. */
export function safeHttpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

export function paperLinks(id: string) {
  const enc = encodeURIComponent(id).replace(/%2F/g, "/");
  return { abs: `https://arxiv.org/abs/${enc}`, pdf: `https://arxiv.org/pdf/${enc}`, hf: `https://huggingface.co/papers/${enc}` };
}

export async function latestDailyDate(db: Db): Promise<string | null> {
  const row = await db.paper.findFirst({ where: { dailyDate: { not: null } }, orderBy: { dailyDate: "desc" }, select: { dailyDate: true } });
  return row?.dailyDate?.toISOString().slice(0, 10) ?? null;
}

export async function listDailyDates(db: Db, limit = 14): Promise<string[]> {
  const rows = await db.paper.groupBy({ by: ["dailyDate"], where: { dailyDate: { not: null } }, orderBy: { dailyDate: "desc" }, take: limit });
  return rows.map((r) => r.dailyDate!.toISOString().slice(0, 10));
}

export async function listTopicOptions(db: Db): Promise<{ slug: string; name: string }[]> {
  return db.topic.findMany({ where: { active: true }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { slug: true, name: true } });
}

const CARD_SELECT = {
  id: true, title: true, summary: true, authors: true, upvotes: true, numComments: true, githubRepo: true,
  githubStars: true, projectPage: true, dailyDate: true, trendingScore: true,
  topics: { where: { topic: { active: true } }, orderBy: { score: "desc" }, select: { reason: true, topic: { select: { slug: true, name: true } } } },
} as const;

// Both orders end on the paper id, a total order: a page of rows is the same on every request for the same data.
const ORDER = {
  trending: [{ trendingScore: "desc" }, { upvotes: "desc" }, { id: "asc" }],
  upvotes: [{ upvotes: "desc" }, { trendingScore: "desc" }, { id: "asc" }],
} as const;

/** The papers of `days` days ending at `date` (latest day by default), in one topic or all: the date and the filter. */
async function dayFilter(db: Db, query: Pick<TrendingQuery, "date" | "days" | "topic">) {
  const date = query.date && DATE_PARAM.test(query.date) ? query.date : await latestDailyDate(db);
  if (!date) return null;
  const end = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(end.getTime())) return null;
  const start = new Date(end.getTime() - (Math.max(1, query.days ?? 1) - 1) * 86_400_000);
  const where = {
    dailyDate: { gte: start, lte: end },
    ...(query.topic ? { topics: { some: { topic: { slug: query.topic, active: true } } } } : {}),
  };
  return { date, where };
}

type CardRow = Awaited<ReturnType<typeof cardRows>>[number];
const cardRows = (db: Db, args: { where: object; orderBy: (typeof ORDER)[keyof typeof ORDER]; skip?: number; take: number }) =>
  db.paper.findMany({ where: args.where, orderBy: [...args.orderBy], skip: args.skip, take: args.take, select: CARD_SELECT });

function toCard(r: CardRow): PaperCard {
  return {
    ...r,
    title: readableText(r.title),
    summary: readableText(r.summary),
    githubRepo: safeHttpUrl(r.githubRepo),
    projectPage: safeHttpUrl(r.projectPage),
    dailyDate: r.dailyDate?.toISOString().slice(0, 10) ?? null,
    topics: r.topics.map((t) => ({ slug: t.topic.slug, name: t.topic.name, reason: t.reason })),
    links: paperLinks(r.id),
  };
}

export async function listTrendingPapers(db: Db, query: TrendingQuery = {}): Promise<{ date: string | null; papers: PaperCard[] }> {
  const day = await dayFilter(db, query);
  if (!day) return { date: null, papers: [] };
  const rows = await cardRows(db, { where: day.where, orderBy: ORDER[query.order ?? "trending"], take: Math.min(Math.max(1, query.limit ?? 50), 200) });
  return { date: day.date, papers: rows.map(toCard) };
}

/** The cards of the given papers, in the order given (ids not found are left out). */
export async function papersByIds(db: Db, ids: readonly string[]): Promise<PaperCard[]> {
  if (ids.length === 0) return [];
  const rows = await db.paper.findMany({ where: { id: { in: [...ids] } }, select: CARD_SELECT });
  const byId = new Map(rows.map((r) => [r.id, toCard(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export const PAPERS_PER_PAGE = 10;

export interface PapersPage {
  /** The day shown (the latest with papers when none was asked for); null when there are no papers at all. */
  date: string | null;
  /** Papers on that day (in the topic), over all pages. */
  total: number;
  /** At least 1, so that page 1 of nothing is a page (it says there are no papers). */
  pageCount: number;
  papers: PaperCard[];
}

/** One page of a day's trending papers: one count and one page of rows. A page past the last comes back empty. */
export async function listPapersPage(
  db: Db,
  query: { date?: string; topic?: string; page: number; perPage?: number },
): Promise<PapersPage> {
  const perPage = query.perPage ?? PAPERS_PER_PAGE;
  const day = await dayFilter(db, query);
  if (!day) return { date: null, total: 0, pageCount: 1, papers: [] };
  const [total, rows] = await Promise.all([
    db.paper.count({ where: day.where }),
    cardRows(db, { where: day.where, orderBy: ORDER.trending, skip: (query.page - 1) * perPage, take: perPage }),
  ]);
  return { date: day.date, total, pageCount: Math.max(1, Math.ceil(total / perPage)), papers: rows.map(toCard) };
}
