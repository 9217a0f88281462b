// The console's edition tools on the real database and SMTP: the look at what one reader gets (found by their exact
// address only, audited with the address masked; the recorded delivery once there is one, else the fan-out's own
// pick, and why a reader is left out), and the test mail to the operator (the job carries an id only, one mail per
// request however often it runs, links pointing at the console rather than at any reader's preferences).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { closeSql, sql } from "@/lib/digest/pg-pool";
import { closeTransactionalPool } from "@/lib/mail/transactional-pool";
import { fanOut } from "@/lib/digest/fan-out";
import { loadCandidates } from "@/lib/digest/load-candidates";
import { readerSource } from "@/lib/feedback/reader-source";
import { findReaderForPreview, previewEditionFor } from "@/lib/admin/edition-preview";
import { requestEditionTestMail, sendEditionTestMail } from "@/lib/admin/edition-test-mail";
import { addEditionTestMailJob, closeQueues, queue, QUEUE } from "@/lib/queue/queues";
import { startTransactionalWorker } from "@/workers/transactional.worker";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { createPapers, createSubscribers, seedDigestTopics } from "../helpers/digest-fixtures";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

const db = testDb();
const OPERATOR = "ops@paperboy.test";
const operator = { email: OPERATOR };
const client = { ip: "192.0.2.10", userAgent: "test" };
const DATE = "2025-03-14";
let sink: SmtpSink;
let topicIds: Map<string, number>;
let editionId: string;
const saved = { SMTP_URL: process.env.SMTP_URL, ADMIN_EMAILS: process.env.ADMIN_EMAILS };

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.ADMIN_EMAILS = OPERATOR;
  resetEnvCache();
  closeTransactionalPool();
});

beforeEach(async () => {
  await resetDb(db);
  await flushPrefix();
  sink.clear();
  topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, [
    { id: "2503.00001", title: "KV cache eviction", dailyDate: DATE, trendingScore: 90, topics: [{ slug: "llm-inference", reason: "matched 'kv cache'" }] },
    { id: "2503.00002", title: "Chain of thought audits", dailyDate: DATE, trendingScore: 80, topics: [{ slug: "reasoning", reason: "matched 'chain of thought'" }] },
    { id: "2503.00003", title: "Speculative decoding", dailyDate: DATE, trendingScore: 70, topics: [{ slug: "llm-inference", reason: "matched 'speculative decoding'" }] },
  ]);
  editionId = (await db.edition.create({ data: { date: new Date(`${DATE}T00:00:00Z`), frequency: "DAILY", status: "FANNING_OUT" } })).id;
});

afterAll(async () => {
  await closeQueues();
  await flushPrefix();
  closeTransactionalPool();
  await closeSql();
  await closeTestDb();
  await sink.close();
  Object.assign(process.env, saved);
  resetEnvCache();
});

async function fanOutNow(): Promise<void> {
  const candidates = await loadCandidates(db, DATE, "DAILY");
  await fanOut(sql(), { id: editionId, date: DATE, frequency: "DAILY" }, candidates, {
    topN: 5,
    alsoTrending: 3,
    skipEmpty: false,
    readers: readerSource(db, sql(), candidates.papers.map((p) => p.id)),
  });
  await db.edition.update({ where: { id: editionId }, data: { status: "SENDING", fannedOutAt: new Date() } });
}

describe("what one reader gets", () => {
  it("finds a reader by their exact address in any letter case, never by part of it, and audits the look masked", async () => {
    const [id] = await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: "ada.lovelace@example.org", topics: ["llm-inference"] }]);
    expect(await findReaderForPreview(db, editionId, "Ada.Lovelace@Example.org", operator, client)).toBe(id);
    expect(await findReaderForPreview(db, editionId, "ada.lovelace", operator, client)).toBeNull();
    expect(await findReaderForPreview(db, editionId, "lovelace@example.org", operator, client)).toBeNull();
    const audit = await db.adminAuditEvent.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(Array(3).fill("previewed an edition for a reader"));
    expect(audit[0]!.detail).toBe(`a***@example.org (${id})`);
    expect(audit[1]!.detail).toBe("no subscriber has that address");
    expect(audit.map((a) => `${a.target} ${a.detail}`).join("\n")).not.toContain("ada.lovelace@");
  });

  it("before the fan-out: the papers the fan-out then records for them, with the reason in words", async () => {
    const [id] = await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: "ada@example.org", topics: ["llm-inference"] }]);
    const before = (await previewEditionFor({ db, sql: sql() }, editionId, id!))!;
    expect(before.source).toBe("computed");
    expect(before.note).toBeNull();
    expect(before.papers.map((p) => p.title)).toEqual(["KV cache eviction", "Speculative decoding"]);
    expect(before.papers[0]!.reason).toMatch(/kv cache/i);
    expect(before.alsoTrending.map((p) => p.title)).toEqual(["Chain of thought audits"]);

    await fanOutNow();
    const after = (await previewEditionFor({ db, sql: sql() }, editionId, id!))!;
    expect(after.source).toBe("recorded");
    expect(after.deliveryStatus).toBe("PENDING");
    expect({ papers: after.papers, alsoTrending: after.alsoTrending }).toEqual({ papers: before.papers, alsoTrending: before.alsoTrending });
  });

  it("says why a reader is left out: not active, the other frequency, paused, or joined after the fan-out", async () => {
    const [gone, weekly, paused] = await createSubscribers(process.env.DATABASE_URL!, topicIds, [
      { email: "gone@example.org", topics: ["reasoning"], status: "UNSUBSCRIBED" },
      { email: "weekly@example.org", topics: ["reasoning"], frequency: "WEEKLY" },
      { email: "paused@example.org", topics: ["reasoning"] },
    ]);
    await db.subscriber.update({ where: { id: paused }, data: { pausedUntil: new Date("2999-01-01T00:00:00Z") } });
    const note = async (id: string) => (await previewEditionFor({ db, sql: sql() }, editionId, id))!.note;
    expect(await note(gone!)).toMatch(/^Not in this edition: they are unsubscribed, not active\./);
    expect(await note(weekly!)).toMatch(/they get the weekly edition/);
    expect(await note(paused!)).toMatch(/paused until 2999-01-01/);

    await fanOutNow();
    const [late] = await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: "late@example.org", topics: ["reasoning"] }]);
    const preview = (await previewEditionFor({ db, sql: sql() }, editionId, late!))!;
    expect(preview.note).toMatch(/not an active reader of it when it was prepared/);
    expect(preview.papers.map((p) => p.title)).toEqual(["Chain of thought audits"]);
  });

  it("answers nothing for ids that are not an edition and a subscriber", async () => {
    expect(await previewEditionFor({ db, sql: sql() }, editionId, "not-a-uuid")).toBeNull();
    expect(await previewEditionFor({ db, sql: sql() }, randomUUID(), randomUUID())).toBeNull();
  });
});

describe("a test of an edition for the operator", () => {
  it("queues the request's id only, mails the chosen list once, with the console in place of a reader's links", async () => {
    await createSubscribers(process.env.DATABASE_URL!, topicIds, [
      { email: "a@example.org", topics: ["llm-inference"] },
      { email: "b@example.org", topics: ["llm-inference"] },
      { email: "c@example.org", topics: ["reasoning"] },
    ]);
    expect(await requestEditionTestMail({ db, sql: sql(), enqueue: async () => undefined }, editionId, undefined, operator, client)).toBe("no-list");

    await fanOutNow();
    const reasoningList = (await db.delivery.findFirst({ where: { editionId, subscriber: { email: "c@example.org" } } }))!.contentKey!;
    const queued: string[] = [];
    const deps = { db, sql: sql(), enqueue: async (id: string) => void queued.push(id) };
    expect(await requestEditionTestMail(deps, editionId, reasoningList, operator, client)).toBe("queued");
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatch(/^[0-9a-f-]{36}$/);

    expect(await sendEditionTestMail(queued[0]!)).toBe("sent");
    expect(await sendEditionTestMail(queued[0]!)).toBe("skipped");
    await sink.waitFor(() => sink.mails.length >= 1);
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0]!;
    expect(mail.envelopeTo).toEqual([OPERATOR]);
    expect(mail.parsed.subject).toMatch(/^\[Test\] Today in your topics: 1 trending paper/);
    // The reasoning reader's list: their paper first, the others only under "also trending".
    const text = String(mail.parsed.text);
    expect(text.indexOf("Chain of thought audits")).toBeGreaterThan(-1);
    expect(text.indexOf("Chain of thought audits")).toBeLessThan(text.indexOf("KV cache eviction"));
    expect(mail.parsed.html).toContain(`/admin/editions/${editionId}`);
    expect(mail.parsed.html).not.toMatch(/\/(manage|unsubscribe|feedback)\//);
    const audit = await db.adminAuditEvent.findFirstOrThrow({ where: { action: "sent a test of edition" } });
    expect(audit.detail).toMatch(/^list \d of 2$/);
  });

  it("a mail that could not be made is not lost: the job's retry sends it", async () => {
    await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: "a@example.org", topics: ["reasoning"] }]);
    await fanOutNow();
    const queued: string[] = [];
    await requestEditionTestMail({ db, sql: sql(), enqueue: async (id: string) => void queued.push(id) }, editionId, undefined, operator, client);
    // A row the renderer chokes on (no author list at all), then repaired.
    await db.$executeRawUnsafe(`UPDATE "Paper" SET authors = NULL WHERE id = '2503.00002'`);
    await expect(sendEditionTestMail(queued[0]!)).rejects.toThrow();
    await db.$executeRawUnsafe(`UPDATE "Paper" SET authors = '{}' WHERE id = '2503.00002'`);
    expect(await sendEditionTestMail(queued[0]!)).toBe("sent");
    await sink.waitFor(() => sink.mailsTo(OPERATOR).length === 1);
  });

  it("the transactional worker runs the job", async () => {
    await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: "a@example.org", topics: ["llm-inference"] }]);
    await fanOutNow();
    const worker = await startTransactionalWorker();
    try {
      const deps = { db, sql: sql(), enqueue: (testMailId: string) => addEditionTestMailJob({ testMailId }) };
      expect(await requestEditionTestMail(deps, editionId, undefined, operator, client)).toBe("queued");
      const counts = await waitForQueueIdle(queue(QUEUE.transactional));
      const [job] = await queue(QUEUE.transactional).getJobs(["completed", "failed"]);
      expect(job!.failedReason ?? null).toBeNull();
      expect(counts.completed).toBe(1);
      expect(Object.keys(job!.data)).toEqual(["testMailId"]);
      await sink.waitFor(() => sink.mailsTo(OPERATOR).length === 1);
    } finally {
      await worker.close();
    }
  });

  it("an unknown list falls back to the largest; an operator no longer in ADMIN_EMAILS gets nothing", async () => {
    await createSubscribers(process.env.DATABASE_URL!, topicIds, [
      { email: "a@example.org", topics: ["llm-inference"] },
      { email: "b@example.org", topics: ["llm-inference"] },
      { email: "c@example.org", topics: ["reasoning"] },
    ]);
    await fanOutNow();
    const queued: string[] = [];
    const deps = { db, sql: sql(), enqueue: async (id: string) => void queued.push(id) };
    await requestEditionTestMail(deps, editionId, "not-a-list", operator, client);
    await requestEditionTestMail(deps, editionId, "", operator, client);
    const rows = await db.editionTestMail.findMany({ select: { contentKey: true } });
    const largest = (await db.delivery.findFirst({ where: { editionId, subscriber: { email: "a@example.org" } } }))!.contentKey;
    expect(rows.map((r) => r.contentKey)).toEqual([largest, largest]);

    process.env.ADMIN_EMAILS = "someone-else@paperboy.test";
    resetEnvCache();
    try {
      expect(await sendEditionTestMail(queued[0]!)).toBe("skipped");
    } finally {
      process.env.ADMIN_EMAILS = OPERATOR;
      resetEnvCache();
    }
    expect(await sendEditionTestMail(queued[1]!)).toBe("sent");
    await sink.waitFor(() => sink.mails.length >= 1);
    expect(sink.mails).toHaveLength(1);
  });
});
