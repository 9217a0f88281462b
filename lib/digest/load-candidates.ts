// The papers an edition can draw from, best first, with the topics (and reasons) each belongs to.
import type { Db } from "@/lib/db";
import { candidateWindow } from "@/lib/digest/edition-date";
import type { Frequency } from "@/lib/digest/frequency";
import type { CandidatePaper } from "@/lib/digest/select-papers";

export interface Candidates {
  papers: CandidatePaper[];
  topicNames: Map<number, string>;
}

export async function loadCandidates(db: Db, date: string, frequency: Frequency): Promise<Candidates> {
  const { from, to } = candidateWindow(date, frequency);
  const rows = await db.paper.findMany({
    where: { dailyDate: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
    select: { id: true, trendingScore: true, upvotes: true, topics: { select: { topicId: true, reason: true } } },
  });
  const papers = rows.map((p) => ({
    id: p.id,
    // Daily: today's momentum. Weekly: the week's settled upvotes.
    rank: frequency === "DAILY" ? p.trendingScore : p.upvotes,
    topics: new Map(p.topics.map((t) => [t.topicId, t.reason] as const)),
  }));
  papers.sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1));
  const topics = await db.topic.findMany({ select: { id: true, name: true } });
  return { papers, topicNames: new Map(topics.map((t) => [t.id, t.name])) };
}
