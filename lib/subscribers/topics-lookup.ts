// Maps topic slugs chosen on a form to active Topic rows; unknown or retired slugs are reported, never ignored.
import type { Db } from "@/lib/db";

export interface TopicChoice {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export async function activeTopics(db: Db): Promise<TopicChoice[]> {
  return db.topic.findMany({
    where: { active: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, slug: true, name: true, description: true },
  });
}

export async function resolveTopicSlugs(db: Db, slugs: string[]): Promise<{ ok: true; topics: TopicChoice[] } | { ok: false; message: string }> {
  const topics = await db.topic.findMany({
    where: { slug: { in: slugs }, active: true },
    select: { id: true, slug: true, name: true, description: true },
  });
  if (topics.length !== slugs.length) return { ok: false, message: "Please choose topics from the list." };
  return { ok: true, topics };
}
