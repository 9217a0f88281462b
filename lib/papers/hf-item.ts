// Validates one item of Hugging Face's `GET /api/daily_papers` and maps it to a PaperInput. Items are validated one by
// one so that a bad item (no title, no arXiv id) is skipped and reported while the rest of the page lands.
import { z } from "zod";
import { splitArxivId, type PaperInput } from "@/lib/papers/paper-input";

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "is not a date");
const optionalText = z.string().nullish();

export const hfDailyItem = z.object({
  paper: z.object({
    id: z.string({ error: "has no paper.id" }),
    title: z.string().nullish(),
    summary: z.string().nullish(),
    authors: z.array(z.object({ name: z.string(), hidden: z.boolean().optional() })).default([]),
    publishedAt: isoDate.nullish(),
    submittedOnDailyAt: isoDate.nullish(),
    upvotes: z.number().int().min(0).default(0),
    ai_summary: optionalText,
    ai_keywords: z.array(z.string()).nullish(),
    githubRepo: optionalText,
    githubStars: z.number().int().min(0).nullish(),
    projectPage: optionalText,
  }, { error: "has no paper object" }),
  publishedAt: isoDate.nullish(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  thumbnail: optionalText,
  numComments: z.number().int().min(0).default(0),
});
export type HfDailyItem = z.infer<typeof hfDailyItem>;

export type ParsedItem = { ok: true; paper: PaperInput } | { ok: false; id: string | undefined; reason: string };

const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const orNull = (s: string | null | undefined) => (clean(s) ? clean(s) : null);

/**
 * @param listDate the Daily Papers date the item was fetched for; falls back to the day of submittedOnDailyAt
 *   (HF stores the list day as midnight UTC of that day).
 */
export function parseHfItem(raw: unknown, source: "hf" | "file", listDate?: string): ParsedItem {
  const rawId = (raw as { paper?: { id?: unknown } } | null)?.paper?.id;
  const guessId = typeof rawId === "string" ? rawId : undefined;
  const parsed = hfDailyItem.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, id: guessId, reason: `invalid item: ${issue.path.join(".") || "item"} ${issue.message}` };
  }
  const { paper, ...outer } = parsed.data;
  const arxiv = splitArxivId(paper.id);
  if (!arxiv) return { ok: false, id: guessId, reason: `not an arXiv id: ${JSON.stringify(paper.id).slice(0, 40)}` };
  const title = clean(paper.title) || clean(outer.title);
  if (!title) return { ok: false, id: arxiv.id, reason: "missing title" };
  const summary = clean(paper.summary) || clean(outer.summary);
  if (!summary) return { ok: false, id: arxiv.id, reason: "missing abstract" };
  const daily = paper.submittedOnDailyAt ? new Date(paper.submittedOnDailyAt) : null;
  const published = paper.publishedAt ?? outer.publishedAt;
  return {
    ok: true,
    paper: {
      id: arxiv.id,
      title,
      summary,
      authors: paper.authors.map((a) => clean(a.name)).filter(Boolean),
      publishedAt: published ? new Date(published) : null,
      submittedOnDailyAt: daily,
      dailyDate: listDate ?? (daily ? daily.toISOString().slice(0, 10) : null),
      upvotes: paper.upvotes,
      aiSummary: orNull(paper.ai_summary),
      aiKeywords: (paper.ai_keywords ?? []).map(clean).filter(Boolean),
      githubRepo: orNull(paper.githubRepo),
      githubStars: paper.githubStars ?? null,
      projectPage: orNull(paper.projectPage),
      numComments: outer.numComments,
      thumbnail: orNull(outer.thumbnail),
      source,
    },
  };
}
