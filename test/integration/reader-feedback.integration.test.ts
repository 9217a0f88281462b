// Votes and saved papers through lib/feedback on the real PostgreSQL and Redis, with the recorded papers: the profile
// is rebuilt at once by every change (and not by a repeat), follows the votes, goes with the last undo, is in the
// subscriber's data export with the votes and saved papers, and is removed with them by erasure.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { runIngest } from "@/lib/papers/run-ingest";
import { seedTopics } from "@/lib/topics/seed-topics";
import { recordFeedback, feedbackDeps } from "@/lib/feedback/record-feedback";
import { corpusIdf, forgetCorpusIdf, PAPER_TEXT_SELECT } from "@/lib/feedback/corpus-idf";
import { cosine, paperVector } from "@/lib/feedback/paper-vector";
import { profilesOf } from "@/lib/feedback/profile-store";
import { exportSubscriberData } from "@/lib/subscribers/export-data";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import { subscriberDeps } from "@/lib/subscribers/deps";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { redis } from "@/lib/redis";
import { signToken } from "@/lib/tokens/tokens";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { closeTestDb, resetDb, testDb } from "../helpers/db";

const edition = randomUUID();
let sql: Sql;
let reader: string;
let papers: { id: string; title: string }[];

beforeAll(async () => {
  const db = testDb();
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  forgetCorpusIdf();
  await flushPrefix();
  sql = createSql(process.env.DATABASE_URL!);
  papers = await db.paper.findMany({ orderBy: { id: "asc" }, select: { id: true, title: true } });
});
beforeEach(async () => {
  const db = testDb();
  await db.subscriber.deleteMany();
  reader = (await db.subscriber.create({ data: { email: `r-${randomUUID()}@example.org`, status: "ACTIVE", confirmedAt: new Date() } })).id;
});
afterAll(async () => {
  await sql.end();
  redis().disconnect();
  await closeTestDb();
  await flushPrefix();
});

const token = (paperId: string) => signToken({ purpose: "feedback", subscriberId: reader, editionId: edition, paperId });
const vote = (paperId: string, action: "more" | "less" | "save", intent: "apply" | "undo" = "apply") =>
  recordFeedback(token(paperId), action, intent, feedbackDeps({ db: testDb() }));
const profileRow = () => testDb().readerProfile.findUnique({ where: { subscriberId: reader } });

async function vectorOf(paperId: string) {
  const db = testDb();
  const p = await db.paper.findUniqueOrThrow({ where: { id: paperId }, select: PAPER_TEXT_SELECT });
  return paperVector(p, await corpusIdf(db));
}

describe("reader profile", () => {
  it("is rebuilt at once by a vote, follows a switch, ignores a repeat and goes with the last undo", async () => {
    const [a, b] = [papers[0]!.id, papers[1]!.id];
    expect(await vote(a, "more")).toMatchObject({ kind: "done", changed: true });
    const first = await profileRow();
    expect(first).toMatchObject({ positives: 1, negatives: 0 });
    const profile = (await profilesOf(sql, [reader])).get(reader)!;
    // The profile points at what was liked.
    const liked = await vectorOf(a);
    expect(cosine(profile.vector, liked)).toBeGreaterThan(0.5);
    const others = await Promise.all(papers.slice(2, 12).map((p) => vectorOf(p.id)));
    for (const o of others) expect(cosine(profile.vector, o)).toBeLessThan(cosine(profile.vector, liked));

    // A repeat changes nothing, not even the profile's time.
    expect(await vote(a, "more")).toMatchObject({ kind: "done", changed: false });
    expect((await profileRow())?.updatedAt).toEqual(first!.updatedAt);

    // A dislike of another paper pushes the profile away from it.
    await vote(b, "less");
    const withLess = (await profilesOf(sql, [reader])).get(reader)!;
    expect(withLess).toMatchObject({ positives: 1, negatives: 1 });
    expect(cosine(withLess.vector, await vectorOf(b))).toBeLessThan(cosine(profile.vector, await vectorOf(b)));

    // Switching the first vote to "less": no positive left.
    await vote(a, "less");
    expect(await profileRow()).toMatchObject({ positives: 0, negatives: 2 });
    expect(cosine((await profilesOf(sql, [reader])).get(reader)!.vector, liked)).toBeLessThan(0);

    // A save is a positive too; undoing everything removes the profile.
    await vote(b, "save");
    expect(await profileRow()).toMatchObject({ positives: 1, negatives: 1 });
    await vote(a, "less", "undo");
    await vote(b, "less", "undo");
    await vote(b, "save", "undo");
    expect(await profileRow()).toBeNull();
    expect(await testDb().paperVote.count({ where: { subscriberId: reader } })).toBe(0);
  });

  it("is in the data export with the votes and saved papers, and erasure removes all three", async () => {
    const [a, b, c] = papers;
    await vote(a!.id, "more");
    await vote(b!.id, "less");
    await vote(c!.id, "save");
    const data = (await exportSubscriberData(reader, subscriberDeps({ db: testDb() })))!;
    expect(data.feedback.votes.map((v) => [v.paperId, v.title, v.vote]).sort()).toEqual(
      [
        [a!.id, a!.title, "more"],
        [b!.id, b!.title, "less"],
      ].sort(),
    );
    expect(data.feedback.savedPapers.map((s) => [s.paperId, s.title])).toEqual([[c!.id, c!.title]]);
    expect(data.feedback.profile).toMatchObject({ positives: 2, negatives: 1 });
    expect(data.feedback.profile!.features.length).toBeGreaterThan(10);

    expect(await eraseSubscriber(reader, subscriberDeps({ db: testDb() }))).toBe(true);
    const db = testDb();
    expect(await db.paperVote.count({ where: { subscriberId: reader } })).toBe(0);
    expect(await db.savedPaper.count({ where: { subscriberId: reader } })).toBe(0);
    expect(await db.readerProfile.count({ where: { subscriberId: reader } })).toBe(0);
    // And its feedback links stop working.
    expect(await vote(a!.id, "more")).toEqual({ kind: "invalid" });
  });
});
