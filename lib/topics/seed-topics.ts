// Upserts the taxonomy by slug: new topics appear, existing ones get the shipped keywords only when asked to.
import type { Db } from "@/lib/db";
import { TAXONOMY, type TopicSeed } from "@/lib/topics/taxonomy";

export async function seedTopics(db: Db, topics: TopicSeed[] = TAXONOMY, { overwrite = false } = {}): Promise<number> {
  for (const [position, t] of topics.entries()) {
    await db.topic.upsert({
      where: { slug: t.slug },
      create: { ...t, position },
      // An operator may have edited keywords in the database: keep their edits unless overwrite is asked for.
      update: overwrite ? { ...t, position } : {},
    });
  }
  return topics.length;
}
