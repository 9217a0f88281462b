// Operator edits to topics (data, not code): add a topic, change keywords or categories, switch one off. Each edit
// re-tags the existing papers right away, so the site and the next digest reflect it without a deploy.
import type { Db } from "@/lib/db";
import { InputError } from "@/lib/errors";
import { retagAllPapers, type RetagResult } from "@/lib/topics/retag";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const cleanList = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))];

export interface NewTopic {
  slug: string;
  name: string;
  description?: string;
  keywords: string[];
  arxivCategories?: string[];
}

export async function addTopic(db: Db, t: NewTopic): Promise<RetagResult> {
  if (!SLUG.test(t.slug)) throw new InputError("slug must be lower-case words joined by hyphens, e.g. graph-learning", "slug");
  if (!t.name.trim()) throw new InputError("name is required", "name");
  const keywords = cleanList(t.keywords);
  if (!keywords.length) throw new InputError("at least one keyword is required", "keywords");
  if (await db.topic.findUnique({ where: { slug: t.slug }, select: { id: true } })) throw new InputError(`topic ${t.slug} exists already`, "slug");
  const position = ((await db.topic.aggregate({ _max: { position: true } }))._max.position ?? -1) + 1;
  await db.topic.create({
    data: { slug: t.slug, name: t.name.trim(), description: t.description ?? "", keywords, arxivCategories: [...new Set(t.arxivCategories ?? [])], position },
  });
  return retagAllPapers(db);
}

export interface TopicEdit {
  keywords?: string[];
  addKeywords?: string[];
  removeKeywords?: string[];
  arxivCategories?: string[];
  active?: boolean;
  name?: string;
  description?: string;
}

export async function editTopic(db: Db, slug: string, edit: TopicEdit): Promise<RetagResult> {
  const topic = await db.topic.findUnique({ where: { slug }, select: { keywords: true } });
  if (!topic) throw new InputError(`no topic ${slug}`, "slug");
  let keywords = edit.keywords ? cleanList(edit.keywords) : topic.keywords;
  if (edit.addKeywords) keywords = cleanList([...keywords, ...edit.addKeywords]);
  if (edit.removeKeywords) {
    const drop = new Set(cleanList(edit.removeKeywords));
    keywords = keywords.filter((k) => !drop.has(k));
  }
  await db.topic.update({
    where: { slug },
    data: {
      keywords,
      ...(edit.arxivCategories ? { arxivCategories: [...new Set(edit.arxivCategories)] } : {}),
      ...(edit.active !== undefined ? { active: edit.active } : {}),
      ...(edit.name ? { name: edit.name } : {}),
      ...(edit.description !== undefined ? { description: edit.description } : {}),
    },
  });
  return retagAllPapers(db);
}

export async function listTopics(db: Db) {
  const topics = await db.topic.findMany({
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { slug: true, name: true, description: true, position: true, active: true, keywords: true, arxivCategories: true, _count: { select: { papers: true } } },
  });
  return topics.map(({ _count, ...t }) => ({ ...t, papers: _count.papers }));
}
