// Writes topic assignments to PaperTopic as a diff: rows that should exist are created or corrected, rows that
// should not are deleted, identical rows are left alone. So tagging twice changes nothing, and tagging after an
// operator edits a topic changes exactly what the edit implies.
import type { Db } from "@/lib/db";
import { assignTopics, type PaperText, type TopicRule } from "@/lib/topics/assign-topics";

export async function loadTopicRules(db: Db): Promise<TopicRule[]> {
  return db.topic.findMany({
    where: { active: true },
    select: { id: true, slug: true, keywords: true, arxivCategories: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
}

export interface TagChanges {
  added: number;
  removed: number;
  changed: number;
}

export async function syncPaperTopics(db: Db, papers: (PaperText & { id: string })[], rules: TopicRule[]): Promise<TagChanges> {
  const changes: TagChanges = { added: 0, removed: 0, changed: 0 };
  if (papers.length === 0) return changes;
  const existing = await db.paperTopic.findMany({
    where: { paperId: { in: papers.map((p) => p.id) } },
    select: { paperId: true, topicId: true, reason: true, score: true },
  });
  const have = new Map(existing.map((r) => [`${r.paperId}/${r.topicId}`, r]));
  const toCreate: { paperId: string; topicId: number; reason: string; score: number }[] = [];
  const toUpdate: typeof toCreate = [];
  const keep = new Set<string>();
  for (const paper of papers) {
    for (const m of assignTopics(paper, rules)) {
      const key = `${paper.id}/${m.topicId}`;
      keep.add(key);
      const row = { paperId: paper.id, topicId: m.topicId, reason: m.reason, score: m.score };
      const old = have.get(key);
      if (!old) toCreate.push(row);
      else if (old.reason !== m.reason || Math.abs(old.score - m.score) > 1e-9) toUpdate.push(row);
    }
  }
  const toDelete = existing.filter((r) => !keep.has(`${r.paperId}/${r.topicId}`));
  if (!toCreate.length && !toUpdate.length && !toDelete.length) return changes;
  await db.$transaction([
    ...toDelete.map((r) => db.paperTopic.delete({ where: { paperId_topicId: { paperId: r.paperId, topicId: r.topicId } } })),
    // skipDuplicates: another worker tagging the same paper at the same moment is harmless.
    db.paperTopic.createMany({ data: toCreate, skipDuplicates: true }),
    ...toUpdate.map((r) =>
      db.paperTopic.update({ where: { paperId_topicId: { paperId: r.paperId, topicId: r.topicId } }, data: { reason: r.reason, score: r.score } }),
    ),
  ]);
  changes.added = toCreate.length;
  changes.removed = toDelete.length;
  changes.changed = toUpdate.length;
  return changes;
}
