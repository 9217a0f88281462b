// Topics from the console: read the operator's form, preview what a change of keywords or categories does to the
// last week's papers (the topic tagger itself, run with the old and the new rules), save it (manage-topics.ts, which
// re-tags), reorder, retire and offer again. Every change is written to the audit log.
import type { Db } from "@/lib/db";
import { InputError } from "@/lib/errors";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";
import { assignTopics, type TopicRule } from "@/lib/topics/assign-topics";
import { loadTopicRules } from "@/lib/topics/paper-topics";
import { addTopic, editTopic, listTopics } from "@/lib/topics/manage-topics";
import type { RetagResult } from "@/lib/topics/retag";
import { hasControlCharacters } from "@/lib/subscribers/control-characters";

export const PREVIEW_DAYS = 7;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CATEGORY = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/;
// The console's own paths under /admin/topics: a topic with one of these names would have no page.
const RESERVED_SLUGS = new Set(["preview", "propose", "save"]);
const LIMITS = { slug: 60, name: 80, description: 500, keyword: 80, keywords: 60, categories: 20 };

type Client = { ip: string; userAgent: string };
type Actor = Pick<Operator, "email">;

/** A topic as the operator's form describes it (a new one has a slug chosen here; an edit names its slug). */
export interface TopicDraft {
  mode: "add" | "edit";
  slug: string;
  name: string;
  description: string;
  keywords: string[];
  arxivCategories: string[];
}

const text = (v: FormDataEntryValue | string | null | undefined) => (typeof v === "string" ? v : "").trim();
const splitList = (v: string) => [...new Set(v.split(/[\n,]/).map((x) => x.trim()).filter(Boolean))];

/** Reads and checks a topic form (or the same values from a query string); throws InputError saying what is wrong. */
export function readTopicDraft(get: (name: string) => FormDataEntryValue | string | null | undefined): TopicDraft {
  const mode = text(get("mode")) === "add" ? "add" : "edit";
  const slug = text(get("slug"));
  const name = text(get("name"));
  const description = text(get("description"));
  const keywords = splitList(text(get("keywords"))).map((k) => k.toLowerCase());
  const arxivCategories = splitList(text(get("categories")));
  if (!SLUG.test(slug) || slug.length > LIMITS.slug) throw new InputError("the short name must be lower-case words joined by hyphens, e.g. graph-learning", "slug");
  if (mode === "add" && RESERVED_SLUGS.has(slug)) throw new InputError(`the short name ${slug} is taken by the console itself; choose another`, "slug");
  if (!name || name.length > LIMITS.name || hasControlCharacters(name)) throw new InputError(`the name is required, on one line, at most ${LIMITS.name} characters`, "name");
  // eslint-disable-next-line no-control-regex -- line breaks are fine in a description, other controls are not
  if (description.length > LIMITS.description || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(description)) {
    throw new InputError(`the description may have at most ${LIMITS.description} characters`, "description");
  }
  if (keywords.length === 0) throw new InputError("at least one keyword is required", "keywords");
  if (keywords.length > LIMITS.keywords || keywords.some((k) => k.length > LIMITS.keyword || hasControlCharacters(k))) {
    throw new InputError(`at most ${LIMITS.keywords} keywords of at most ${LIMITS.keyword} characters each`, "keywords");
  }
  if (arxivCategories.length > LIMITS.categories || arxivCategories.some((c) => !CATEGORY.test(c) || c.length > 30)) {
    throw new InputError("arXiv categories look like cs.CL or stat.ML, separated by commas", "categories");
  }
  return { mode, slug, name, description, keywords, arxivCategories };
}

const DRAFT_FIELDS = ["mode", "slug", "name", "description", "keywords", "categories"] as const;

/** A topic form's fields as typed (unchecked, each cut to a sane length), as the preview page's query string. */
export function typedDraftQuery(form: FormData): string {
  const values = new URLSearchParams();
  for (const f of DRAFT_FIELDS) {
    const v = form.get(f);
    values.set(f, typeof v === "string" ? v.slice(0, 5000) : "");
  }
  return values.toString();
}

export interface ConsoleTopic {
  slug: string;
  name: string;
  description: string;
  active: boolean;
  keywords: string[];
  arxivCategories: string[];
  papers: number;
}

export async function topicsInOrder(db: Db): Promise<ConsoleTopic[]> {
  return (await listTopics(db)).map(({ position: _position, ...t }) => t);
}

export async function topicBySlug(db: Db, slug: string): Promise<ConsoleTopic | null> {
  if (!SLUG.test(slug)) return null;
  return (await topicsInOrder(db)).find((t) => t.slug === slug) ?? null;
}

export interface PaperChange {
  id: string;
  title: string;
  reason: string;
}

export interface TopicPreview {
  draft: TopicDraft;
  /** Retired topics tag nothing: the change is saved but moves no paper until the topic is offered again. */
  retired: boolean;
  papersConsidered: number;
  gains: PaperChange[];
  losses: PaperChange[];
  current: ConsoleTopic | null;
}

/**
 * Which papers first seen in the last week the topic would gain and lose with the draft's keywords and categories:
 * the tagger run with today's rules and with the draft's. Reads only.
 */
export async function previewTopicChange(db: Db, draft: TopicDraft, now = new Date()): Promise<TopicPreview> {
  const current = await topicBySlug(db, draft.slug);
  if (draft.mode === "edit" && !current) throw new InputError(`there is no topic ${draft.slug}`, "slug");
  if (draft.mode === "add" && current) throw new InputError(`a topic ${draft.slug} exists already`, "slug");
  const rules = await loadTopicRules(db);
  const retired = !!current && !current.active;
  const mine = rules.find((r) => r.slug === draft.slug);
  // A new topic has no id yet: one no row can have stands for it.
  const draftRule: TopicRule = { id: mine?.id ?? -1, slug: draft.slug, keywords: draft.keywords, arxivCategories: draft.arxivCategories };
  const proposed = retired ? rules : [...rules.filter((r) => r.slug !== draft.slug), draftRule];
  const papers = await db.paper.findMany({
    where: { firstSeenAt: { gte: new Date(now.getTime() - PREVIEW_DAYS * 86_400_000) } },
    orderBy: [{ firstSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, title: true, summary: true, aiKeywords: true, arxivCategories: true },
  });
  const gains: PaperChange[] = [];
  const losses: PaperChange[] = [];
  for (const p of papers) {
    const before = assignTopics(p, rules).find((m) => m.slug === draft.slug);
    const after = assignTopics(p, proposed).find((m) => m.slug === draft.slug);
    if (after && !before) gains.push({ id: p.id, title: p.title, reason: after.reason });
    if (before && !after) losses.push({ id: p.id, title: p.title, reason: before.reason });
  }
  return { draft, retired, papersConsidered: papers.length, gains, losses, current };
}

const list = (xs: string[]) => (xs.length ? xs.join(", ") : "none");
const retagText = (r: RetagResult) => `re-tagged ${r.papers} papers: ${r.added} tags added, ${r.removed} removed, ${r.changed} changed`;

/** Saves a draft (adds the topic or changes it) and re-tags every paper; audited. */
export async function saveTopicDraft(db: Db, draft: TopicDraft, operator: Actor, client: Client): Promise<RetagResult> {
  const before = await topicBySlug(db, draft.slug);
  let result: RetagResult;
  let detail: string[];
  if (draft.mode === "add") {
    result = await addTopic(db, { slug: draft.slug, name: draft.name, description: draft.description, keywords: draft.keywords, arxivCategories: draft.arxivCategories });
    detail = [`keywords: ${list(draft.keywords)}`, `categories: ${list(draft.arxivCategories)}`];
  } else {
    if (!before) throw new InputError(`there is no topic ${draft.slug}`, "slug");
    result = await editTopic(db, draft.slug, { name: draft.name, description: draft.description, keywords: draft.keywords, arxivCategories: draft.arxivCategories });
    detail = [
      before.name !== draft.name ? `renamed from "${before.name}"` : "",
      before.description !== draft.description ? "description changed" : "",
      list(before.keywords) !== list(draft.keywords) ? `keywords: ${list(before.keywords)} -> ${list(draft.keywords)}` : "",
      list(before.arxivCategories) !== list(draft.arxivCategories) ? `categories: ${list(before.arxivCategories)} -> ${list(draft.arxivCategories)}` : "",
    ].filter(Boolean);
  }
  await appendAudit(db, {
    actor: operator.email,
    action: draft.mode === "add" ? "added topic" : "changed topic",
    target: `topic ${draft.slug}`,
    detail: [...detail, retagText(result)].join("; ").slice(0, 2000),
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return result;
}

/** Swaps a topic with its neighbour in the list's order (positions renumbered from 0); audited. False at an end. */
export async function moveTopic(db: Db, slug: string, direction: "up" | "down", operator: Actor, client: Client): Promise<{ found: boolean; moved: boolean }> {
  const moved = await db.$transaction(async (tx) => {
    // One reorder at a time: two operators moving topics at once would otherwise renumber from stale orders.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('paperboy-topic-order'))`;
    const order = await tx.topic.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, slug: true, position: true } });
    const i = order.findIndex((t) => t.slug === slug);
    if (i < 0) return null;
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return false;
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [position, t] of order.entries()) {
      if (t.position !== position) await tx.topic.update({ where: { id: t.id }, data: { position } });
    }
    return true;
  });
  if (moved === null) return { found: false, moved: false };
  await appendAudit(db, {
    actor: operator.email,
    action: `moved topic ${direction}`,
    target: `topic ${slug}`,
    detail: moved ? null : `no change: it is already ${direction === "up" ? "first" : "last"}`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return { found: true, moved };
}

/**
 * Retires a topic (no longer offered at sign-up, tags no paper; readers who chose it keep the choice, which then
 * brings them nothing) or offers it again. Re-tags; audited.
 */
export async function setTopicOffered(db: Db, slug: string, offered: boolean, operator: Actor, client: Client): Promise<{ found: boolean; changed: boolean }> {
  const topic = await topicBySlug(db, slug);
  if (!topic) return { found: false, changed: false };
  const changed = topic.active !== offered;
  const result = changed ? await editTopic(db, slug, { active: offered }) : null;
  await appendAudit(db, {
    actor: operator.email,
    action: offered ? "offered topic again" : "retired topic",
    target: `topic ${slug}`,
    detail: result ? retagText(result) : `no change: it was already ${offered ? "offered" : "retired"}`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return { found: true, changed };
}
