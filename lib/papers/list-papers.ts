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

export async function listTrendingPapers(db: Db, query: TrendingQuery = {}): Promise<{ date: string | null; papers: PaperCard[] }> {
  const date = query.date && DATE_PARAM.test(query.date) ? query.date : await latestDailyDate(db);
  if (!date) return { date: null, papers: [] };
  const end = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(end.getTime())) return { date: null, papers: [] };
  const start = new Date(end.getTime() - (Math.max(1, query.days ?? 1) - 1) * 86_400_000);
  const rows = await db.paper.findMany({
    where: {
      dailyDate: { gte: start, lte: end },
      ...(query.topic ? { topics: { some: { topic: { slug: query.topic, active: true } } } } : {}),
    },
    orderBy:
      query.order === "upvotes"
        ? [{ upvotes: "desc" }, { trendingScore: "desc" }, { id: "asc" }]
        : [{ trendingScore: "desc" }, { upvotes: "desc" }, { id: "asc" }],
    take: Math.min(Math.max(1, query.limit ?? 50), 200),
    select: {
      id: true, title: true, summary: true, authors: true, upvotes: true, numComments: true, githubRepo: true,
      githubStars: true, projectPage: true, dailyDate: true, trendingScore: true,
      topics: { where: { topic: { active: true } }, orderBy: { score: "desc" }, select: { reason: true, topic: { select: { slug: true, name: true } } } },
    },
  });
  return {
    date,
    papers: rows.map((r) => ({
      ...r,
      title: readableText(r.title),
      summary: readableText(r.summary),
      githubRepo: safeHttpUrl(r.githubRepo),
      projectPage: safeHttpUrl(r.projectPage),
      dailyDate: r.dailyDate?.toISOString().slice(0, 10) ?? null,
      topics: r.topics.map((t) => ({ slug: t.topic.slug, name: t.topic.name, reason: t.reason })),
      links: paperLinks(r.id),
    })),
  };
}
