// The learned digest end to end on the recorded papers, with real PostgreSQL, Redis and an SMTP server: four readers
// of the same topics get the same first digest; one votes, one mutes a word, one follows an author, one does
// nothing. In the next day's digest the reader who did nothing gets exactly the plain selection, the voter's order
// moves towards what they liked and says so, the muted paper is gone, the followed author's paper comes first, and
// the mails carry those reasons.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { runIngest } from "@/lib/papers/run-ingest";
import { seedTopics } from "@/lib/topics/seed-topics";
import { resetEnvCache } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition, type RunEditionDeps } from "@/lib/digest/run-edition";
import type { EnqueueSends } from "@/lib/digest/enqueue-sends";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { selectPapers } from "@/lib/digest/select-papers";
import { corpusIdf, forgetCorpusIdf, PAPER_TEXT_SELECT } from "@/lib/feedback/corpus-idf";
import { cosine, paperVector } from "@/lib/feedback/paper-vector";
import { feedbackDeps, recordFeedback } from "@/lib/feedback/record-feedback";
import { replaceFilters } from "@/lib/feedback/filters-store";
import { readerReason } from "@/lib/topics/reader-reason";
import type { SmtpPool } from "@/lib/mail/smtp-pool";
import { signToken } from "@/lib/tokens/tokens";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { redis } from "@/lib/redis";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

const DAY0 = "2025-03-12";
const DAY1 = "2025-03-13";
const DAY2 = "2025-03-14";
let sql: Sql;
let sink: SmtpSink;
let pool: SmtpPool;
let jobs: { deliveryIds: string[] }[] = [];
const enqueue: EnqueueSends = async (js) => void jobs.push(...js);
const deps = (): RunEditionDeps => ({ db: testDb(), sql, enqueue, topN: 5, alsoTrending: 2, skipEmpty: true });

beforeAll(async () => {
  const db = testDb();
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  forgetCorpusIdf();
  await flushPrefix();
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvCache();
  sql = createSql(process.env.DATABASE_URL!);
  pool = createSmtpPool({ size: 2 });
});
afterAll(async () => {
  pool.close();
  await sink.close();
  await sql.end();
  redis().disconnect();
  await closeTestDb();
  await flushPrefix();
});

async function send() {
  const sender = createSender(pool, { sql, moreBatchesQueued: async () => jobs.length > 0 });
  while (jobs.length) for (const j of jobs.splice(0)) await sender.sendBatch(j.deliveryIds);
}

const listOf = async (editionId: string, subscriberId: string) =>
  testDb().delivery.findUniqueOrThrow({ where: { editionId_subscriberId: { editionId, subscriberId } }, select: { paperIds: true, reasons: true, alsoTrendingIds: true } });

describe("a digest that learned", () => {
  it("changes the next digest as the votes and filters say, and leaves everyone else's as it was", async () => {
    const db = testDb();
    // The topic with the most papers on both days, so that the order has room to move.
    const counts = await db.paperTopic.groupBy({ by: ["topicId"], where: { paper: { dailyDate: { in: [new Date(DAY1), new Date(DAY2)] } } }, _count: true, orderBy: { _count: { topicId: "desc" } }, take: 1 });
    const topicId = counts[0]!.topicId;
    const mk = async (name: string) =>
      (await db.subscriber.create({ data: { email: `${name}-${randomUUID()}@example.org`, status: "ACTIVE", confirmedAt: new Date(), topics: { create: [{ topicId }] } } })).id;
    const [voter, muter, follower, plain] = [await mk("voter"), await mk("muter"), await mk("follower"), await mk("plain")];

    const first = await runEdition(deps(), DAY1, "DAILY");
    expect(first.fanOut).toMatchObject({ pending: 4, contentGroups: 1 });
    await send();

    // What the plain reader will get on day two (today's selection, computed here the way it always was).
    const candidates = await loadCandidates(db, DAY2, "DAILY");
    const expected = selectPapers(candidates.papers, [topicId], new Set(), { topN: 5, alsoTrending: 2, topicNames: candidates.topicNames })!;
    const inTopic = candidates.papers.filter((p) => p.topics.has(topicId)).map((p) => p.id);
    expect(inTopic.length).toBeGreaterThan(7);

    // The voter likes the kind of paper that trends lowest in the topic among day two's new papers: "more" on the three
    // earlier papers closest to it, "less" on the one closest to the plain list's top paper.
    const idf = await corpusIdf(db);
    const vectorOf = async (id: string) => paperVector(await db.paper.findUniqueOrThrow({ where: { id }, select: PAPER_TEXT_SELECT }), idf);
    // A new paper of day two (the day's window holds day one's papers too), and older papers to vote on.
    const newOnDay2 = new Set((await db.paper.findMany({ where: { dailyDate: new Date(DAY2) }, select: { id: true } })).map((p) => p.id));
    const day1 = (await db.paper.findMany({ where: { dailyDate: new Date(DAY0) }, select: { id: true } })).map((p) => p.id);
    const nearest = async (id: string) => {
      const v = await vectorOf(id);
      const scored = await Promise.all(day1.map(async (d) => [d, cosine(v, await vectorOf(d))] as const));
      return scored.sort((a, b) => b[1] - a[1]);
    };
    const near = async (id: string) => (await nearest(id)).map(([d]) => d);
    // Of the new papers the plain list leaves out, the one with the closest earlier papers (someone who liked those).
    let target = "";
    let best = -1;
    for (const id of inTopic.filter((i) => newOnDay2.has(i) && !expected.paperIds.includes(i))) {
      const top = (await nearest(id)).slice(0, 3).reduce((sum, [, sim]) => sum + sim, 0);
      if (top > best) [target, best] = [id, top];
    }
    const liked = (await near(target)).slice(0, 3);
    const disliked = (await near(expected.paperIds[0]!)).find((d) => !liked.includes(d))!;
    expect(cosine(await vectorOf(liked[0]!), await vectorOf(target))).toBeGreaterThan(0.1);
    const vote = (paperId: string, action: "more" | "less") =>
      recordFeedback(signToken({ purpose: "feedback", subscriberId: voter, editionId: first.edition.id, paperId }), action, "apply", feedbackDeps({ db }));
    for (const id of liked) expect(await vote(id, "more")).toMatchObject({ kind: "done", changed: true });
    await vote(disliked, "less");

    // The muter mutes a word of the plain reader's first paper; the follower follows an author of a paper the plain
    // list does not even hold.
    const top = await db.paper.findUniqueOrThrow({ where: { id: expected.paperIds[0]! }, select: { title: true, authors: true } });
    const word = top.title.split(/\s+/).find((w) => w.length > 6 && /^[A-Za-z-]+$/.test(w))!;
    await replaceFilters(db, muter, { mutedWords: [word], mutedAuthors: [], followedAuthors: [] });
    const outside = inTopic.find((id) => !expected.paperIds.includes(id))!;
    const author = (await db.paper.findUniqueOrThrow({ where: { id: outside }, select: { authors: true } })).authors[0]!;
    await replaceFilters(db, follower, { mutedWords: [], mutedAuthors: [], followedAuthors: [author] });

    const second = await runEdition(deps(), DAY2, "DAILY");
    const rows = await Promise.all([voter, muter, follower, plain].map((id) => listOf(second.edition.id, id)));
    const [v, m, f, p] = [rows[0]!, rows[1]!, rows[2]!, rows[3]!];

    // Nothing taught: exactly today's selection.
    expect({ paperIds: p.paperIds, reasons: p.reasons, alsoTrendingIds: p.alsoTrendingIds }).toEqual({
      paperIds: expected.paperIds,
      reasons: expected.reasons,
      alsoTrendingIds: expected.alsoTrendingIds,
    });
    // The voter: the liked kind of paper rises, and the reasons name a liked paper.
    const rank = (ids: string[], id: string) => (ids.includes(id) ? ids.indexOf(id) : Infinity);
    expect(v.paperIds).not.toEqual(p.paperIds);
    expect(rank(v.paperIds, target)).toBeLessThan(rank(p.paperIds, target));
    const likedTitles = await db.paper.findMany({ where: { id: { in: liked } }, select: { title: true } });
    const said = v.reasons.map(readerReason);
    expect(said.some((r) => likedTitles.some((t) => r.includes(`because you liked “${t.title}”`)))).toBe(true);
    // The muter: the paper with the word is gone, from the list and from "also trending".
    expect([...m.paperIds, ...m.alsoTrendingIds]).not.toContain(expected.paperIds[0]);
    expect(m.paperIds[0]).toBe(expected.paperIds[1]);
    // The follower: the followed author's paper first, and why.
    expect(f.paperIds[0]).toBe(outside);
    expect(readerReason(f.reasons[0]!)).toContain(`by ${author}, whom you follow`);

    // The mails say it too.
    await send();
    const lastMailTo = (name: string) => sink.mails.filter((mail) => mail.envelopeTo.some((t) => t.startsWith(`${name}-`))).at(-1)!;
    expect(String(lastMailTo("voter").parsed.html)).toContain("because you liked “");
    expect(lastMailTo("follower").parsed.text).toContain("whom you follow");
    expect(sink.mails).toHaveLength(8);
  });
});
