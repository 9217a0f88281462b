// Builds digest test data directly in the database (topics from the seed, papers with topic links, subscribers with
// topic sets), fast enough for thousands of subscribers. Paper ingestion is another module's job.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Db } from "@/lib/db";
import { seedTopics } from "@/lib/topics/seed-topics";

export interface PaperSpec {
  id: string;
  title?: string;
  summary?: string;
  dailyDate: string;
  trendingScore: number;
  upvotes?: number;
  topics: { slug: string; reason: string }[];
}

export async function seedDigestTopics(db: Db): Promise<Map<string, number>> {
  await seedTopics(db);
  const topics = await db.topic.findMany({ select: { id: true, slug: true }, orderBy: { position: "asc" } });
  return new Map(topics.map((t) => [t.slug, t.id]));
}

export async function createPapers(db: Db, topicIds: Map<string, number>, papers: PaperSpec[]): Promise<void> {
  await db.paper.createMany({
    data: papers.map((p) => ({
      id: p.id,
      title: p.title ?? `Paper ${p.id} about H$_2$O and $100\\times$ faster decoding`,
      summary: p.summary ?? `We study ${p.id}. `.repeat(30),
      authors: ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
      dailyDate: new Date(`${p.dailyDate}T00:00:00Z`),
      trendingScore: p.trendingScore,
      upvotes: p.upvotes ?? Math.round(p.trendingScore),
      source: "test",
    })),
  });
  await db.paperTopic.createMany({
    data: papers.flatMap((p) => p.topics.map((t) => ({ paperId: p.id, topicId: topicIds.get(t.slug)!, reason: t.reason }))),
  });
}

/** `count` papers on `date` spread round-robin over the given topics, scores descending. */
export function paperSpecs(date: string, count: number, slugs: string[], prefix = "2503"): PaperSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}.${String(10000 + i)}`,
    dailyDate: date,
    trendingScore: 1000 - i,
    topics: [{ slug: slugs[i % slugs.length]!, reason: `matched '${slugs[i % slugs.length]} keyword'` }],
  }));
}

export interface SubscriberSpec {
  email: string;
  topics: string[];
  frequency?: "DAILY" | "WEEKLY";
  status?: "ACTIVE" | "PENDING" | "UNSUBSCRIBED";
}

/** Inserts subscribers with plain SQL (COPY-like multi-row inserts): thousands per second. Returns their ids. */
export async function createSubscribers(databaseUrl: string, topicIds: Map<string, number>, subs: SubscriberSpec[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const ids: string[] = [];
  try {
    for (let i = 0; i < subs.length; i += 5000) {
      const part = subs.slice(i, i + 5000).map((s) => ({ ...s, id: randomUUID() }));
      ids.push(...part.map((s) => s.id));
      await client.query(
        `INSERT INTO "Subscriber" (id, email, status, frequency, "confirmedAt", "updatedAt")
         SELECT r.id, r.email, r.status::"SubscriberStatus", r.frequency::"Frequency", now(), now()
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, email text, status text, frequency text)`,
        [JSON.stringify(part.map((s) => ({ id: s.id, email: s.email, status: s.status ?? "ACTIVE", frequency: s.frequency ?? "DAILY" })))],
      );
      const links = part.flatMap((s) =>
        s.topics.map((t) => {
          const id = topicIds.get(t);
          if (id === undefined) throw new Error(`unknown topic slug ${t}`);
          return { s: s.id, t: id };
        }),
      );
      await client.query(
        `INSERT INTO "SubscriberTopic" ("subscriberId", "topicId") SELECT r.s, r.t FROM jsonb_to_recordset($1::jsonb) AS r(s uuid, t int)`,
        [JSON.stringify(links)],
      );
    }
  } finally {
    await client.end();
  }
  return ids;
}

export function addresses(n: number, domain = "example.org"): string[] {
  return Array.from({ length: n }, (_, i) => `reader${i}@${domain}`);
}
