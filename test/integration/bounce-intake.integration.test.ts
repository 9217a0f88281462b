// The bounce intake's one path, on the real database and a real SMTP sink: a digest and a welcome mail go out with a
// VERP envelope sender, and bounce and complaint mail built for them is parsed, stored once and applied.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { arf, dsn } from "../helpers/bounce-reports";
import { resetEnvCache } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition } from "@/lib/digest/run-edition";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { ingestBounceMail } from "@/lib/bounces/intake-mail";
import type { ApplyDeps } from "@/lib/bounces/apply-event";
import { formatIntakeCounts, intakeCounts } from "@/lib/bounces/bounce-store";
import { sendTransactional } from "@/lib/subscribers/mail/send-transactional";
import { suppressionOf } from "@/lib/subscribers/suppression";
import { verifyMailRef } from "@/lib/tokens/tokens";
import type { SmtpPool } from "@/lib/mail/smtp-pool";

const DATE = "2025-03-14";
const TOPICS = ["llm-inference", "quantization"];
const BOUNCE_DOMAIN = "bounces.paperboy.test";

let sql: Sql;
let sink: SmtpSink;
const pools: SmtpPool[] = [];

function applyDeps(overrides: Partial<ApplyDeps> = {}): ApplyDeps {
  return {
    db: testDb(),
    sql,
    settings: { hardBounceLimit: 1, softBounceDays: 3, complaintRateLimit: 0.003, complaintMinSent: 100 },
    ...overrides,
  };
}

async function sendDigest(n: number) {
  const db = testDb();
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 6, TOPICS));
  const emails = addresses(n);
  const ids = await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email, i) => ({ email, topics: [TOPICS[i % 2]!] })));
  const jobs: { deliveryIds: string[] }[] = [];
  const run = await runEdition(
    { db, sql, enqueue: async (js) => void jobs.push(...js), topN: 3, alsoTrending: 1, skipEmpty: true },
    DATE,
    "DAILY",
  );
  const pool = createSmtpPool({ size: 2 });
  pools.push(pool);
  const sender = createSender(pool, { sql, moreBatchesQueued: async () => false });
  for (const j of jobs) await sender.sendBatch(j.deliveryIds);
  return { emails, ids, editionId: run.edition.id };
}

async function deliveryOf(subscriberId: string) {
  return testDb().delivery.findFirstOrThrow({ where: { subscriberId } });
}

beforeEach(async () => {
  await resetDb(testDb());
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.BOUNCE_DOMAIN = BOUNCE_DOMAIN;
  resetEnvCache();
  sql ??= createSql(process.env.DATABASE_URL!);
  return async () => {
    for (const p of pools.splice(0)) p.close();
    await sink.close();
    delete process.env.BOUNCE_DOMAIN;
    resetEnvCache();
  };
});

afterAll(async () => {
  await sql?.end();
  await closeTestDb();
});

describe("VERP envelope sender", () => {
  it("gives each digest its own signed bounce address and leaves the visible From alone", async () => {
    const { emails } = await sendDigest(4);
    expect(sink.mails).toHaveLength(4);
    const seen = new Set<string>();
    for (const email of emails) {
      const mail = sink.mailsTo(email)[0]!;
      expect(mail.envelopeFrom).toMatch(new RegExp(`^bounces\\+d[a-z2-7]{42}@${BOUNCE_DOMAIN.replace(/\./g, "\\.")}$`));
      expect(mail.parsed.from?.value[0]).toMatchObject({ name: "Paperboy", address: "digest@paperboy.test" });
      const ref = verifyMailRef(mail.envelopeFrom.slice("bounces+".length, mail.envelopeFrom.indexOf("@")));
      const d = await testDb().delivery.findFirstOrThrow({ where: { subscriber: { email } } });
      expect(ref).toEqual({ kind: "delivery", id: d.id });
      seen.add(mail.envelopeFrom);
    }
    expect(seen.size).toBe(4);
  });

  it("sends from the From address when no bounce domain is set", async () => {
    delete process.env.BOUNCE_DOMAIN;
    resetEnvCache();
    const { emails } = await sendDigest(2);
    expect(sink.mailsTo(emails[0]!)[0]!.envelopeFrom).toBe("digest@paperboy.test");
  });
});

describe("applying bounce and complaint mail", () => {
  it("a hard bounce marks the delivery BOUNCED, counts toward the limit and suppresses; a replay changes nothing", async () => {
    const { emails, ids } = await sendDigest(4);
    const db = testDb();
    const mail = sink.mailsTo(emails[1]!)[0]!;
    const report = dsn({ to: mail.envelopeFrom, recipient: emails[1]!, originalMessageId: mail.parsed.messageId! });

    const first = await ingestBounceMail(report, { source: "SMTP", envelopeTo: [mail.envelopeFrom] }, applyDeps());
    expect(first).toEqual({ kind: "report", outcomes: ["bounced-suppressed"] });
    const d = await deliveryOf(ids[1]!);
    expect(d.status).toBe("BOUNCED");
    expect(d.lastError).toContain("5.1.1");
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: ids[1]! } })).hardBounceCount).toBe(1);
    expect(await suppressionOf(db, { key: emails[1]! })).toBe("HARD_BOUNCE");

    // The same report again, through the other intake: stored once, counted once.
    expect(await ingestBounceMail(report, { source: "IMAP" }, applyDeps())).toEqual({ kind: "report", outcomes: ["duplicate"] });
    // Another report of the same bounce (a second DSN): the delivery is already BOUNCED, not counted again.
    const second = await ingestBounceMail(dsn({ to: mail.envelopeFrom, recipient: emails[1]! }), { source: "SMTP" }, applyDeps());
    expect(second).toEqual({ kind: "report", outcomes: ["already-bounced"] });
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: ids[1]! } })).hardBounceCount).toBe(1);
    expect(await db.bounceEvent.count()).toBe(2);

    // Nobody else was touched.
    for (const i of [0, 2, 3]) {
      expect((await deliveryOf(ids[i]!)).status).toBe("SENT");
      expect(await suppressionOf(db, { key: emails[i]! })).toBeNull();
    }
  });

  it("below HARD_BOUNCE_LIMIT a hard bounce is counted without suppressing", async () => {
    const { emails, ids } = await sendDigest(2);
    const mail = sink.mailsTo(emails[0]!)[0]!;
    const r = await ingestBounceMail(dsn({ to: mail.envelopeFrom, recipient: emails[0]! }), { source: "SMTP" }, applyDeps({ settings: { hardBounceLimit: 2, softBounceDays: 3, complaintRateLimit: 0.003, complaintMinSent: 100 } }));
    expect(r).toEqual({ kind: "report", outcomes: ["bounced"] });
    expect((await deliveryOf(ids[0]!)).status).toBe("BOUNCED");
    expect(await suppressionOf(testDb(), { key: emails[0]! })).toBeNull();
  });

  it("a complaint unsubscribes at once, suppresses as COMPLAINT and writes the consent log", async () => {
    const { emails, ids, editionId } = await sendDigest(3);
    const db = testDb();
    const mail = sink.mailsTo(emails[2]!)[0]!;
    // The provider redacted the recipient: the VERP id in Original-Mail-From is what names the mail.
    const report = arf({ mailFrom: mail.envelopeFrom, originalMessageId: mail.parsed.messageId! });
    expect(await ingestBounceMail(report, { source: "SMTP" }, applyDeps())).toEqual({ kind: "report", outcomes: ["unsubscribed-suppressed"] });
    const s = await db.subscriber.findUniqueOrThrow({ where: { id: ids[2]! } });
    expect(s.status).toBe("UNSUBSCRIBED");
    expect(await suppressionOf(db, { key: emails[2]! })).toBe("COMPLAINT");
    const consent = await db.consentEvent.findMany({ where: { subscriberId: ids[2]! } });
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({ kind: "UNSUBSCRIBE", source: "complaint" });
    expect(consent[0]!.detail).toContain(editionId);
    const ev = await db.bounceEvent.findFirstOrThrow();
    expect(ev).toMatchObject({ kind: "COMPLAINT", deliveryId: (await deliveryOf(ids[2]!)).id, editionId, outcome: "unsubscribed-suppressed" });

    expect(await ingestBounceMail(report, { source: "SMTP" }, applyDeps())).toEqual({ kind: "report", outcomes: ["duplicate"] });
    expect(await db.consentEvent.count({ where: { subscriberId: ids[2]! } })).toBe(1);
    for (const i of [0, 1]) expect((await db.subscriber.findUniqueOrThrow({ where: { id: ids[i]! } })).status).toBe("ACTIVE");
  });

  it("a soft bounce suppresses only once it came on SOFT_BOUNCE_DAYS different days; a delay does nothing", async () => {
    const { emails, ids } = await sendDigest(2);
    const db = testDb();
    const mail = sink.mailsTo(emails[0]!)[0]!;
    const soft = () => dsn({ to: mail.envelopeFrom, recipient: emails[0]!, status: "5.2.2" });
    const day = (d: number) => applyDeps({ now: () => new Date(Date.UTC(2025, 2, 14 + d, 12)) });
    expect(await ingestBounceMail(dsn({ to: mail.envelopeFrom, recipient: emails[0]!, status: "4.4.1", action: "delayed" }), { source: "SMTP" }, day(0))).toEqual({ kind: "report", outcomes: ["delayed"] });
    expect(await ingestBounceMail(soft(), { source: "SMTP" }, day(0))).toEqual({ kind: "report", outcomes: ["soft-counted"] });
    expect(await ingestBounceMail(soft(), { source: "SMTP" }, day(0))).toEqual({ kind: "report", outcomes: ["soft-counted"] });
    expect(await ingestBounceMail(soft(), { source: "SMTP" }, day(1))).toEqual({ kind: "report", outcomes: ["soft-counted"] });
    expect(await suppressionOf(db, { key: emails[0]! })).toBeNull();
    expect((await deliveryOf(ids[0]!)).status).toBe("SENT");
    expect(await ingestBounceMail(soft(), { source: "SMTP" }, day(2))).toEqual({ kind: "report", outcomes: ["soft-suppressed"] });
    expect(await suppressionOf(db, { key: emails[0]! })).toBe("SOFT_BOUNCE");
    expect(await suppressionOf(db, { key: emails[1]! })).toBeNull();
  });

  it("a forged or tampered VERP id is ignored and counted", async () => {
    const { emails, ids } = await sendDigest(2);
    const db = testDb();
    const real = sink.mailsTo(emails[0]!)[0]!.envelopeFrom;
    const token = real.slice("bounces+".length, real.indexOf("@"));
    const tampered = `bounces+${token.slice(0, 10)}${token[10] === "a" ? "b" : "a"}${token.slice(11)}@${BOUNCE_DOMAIN}`;
    const r = await ingestBounceMail(dsn({ to: tampered, recipient: emails[0]! }), { source: "SMTP", envelopeTo: [tampered] }, applyDeps());
    expect(r).toEqual({ kind: "report", outcomes: ["forged-id"] });
    expect((await deliveryOf(ids[0]!)).status).toBe("SENT");
    expect(await suppressionOf(db, { key: emails[0]! })).toBeNull();
    expect(await db.bounceEvent.count({ where: { outcome: "forged-id" } })).toBe(1);
    expect(formatIntakeCounts(await intakeCounts(sql))).toBe(
      "bounce intake: 1 event stored, 1 with a forged id (ignored), 0 matching no mail, 0 unparseable messages kept (table UnparseableMessage)",
    );
  });

  it("keeps a message it cannot read for the operator", async () => {
    const raw = Buffer.from("From: someone@example.com\r\nSubject: Out of office\r\n\r\nAway until Monday.\r\n");
    const r = await ingestBounceMail(raw, { source: "IMAP" }, applyDeps());
    expect(r.kind).toBe("unparseable");
    const kept = await testDb().unparseableMessage.findMany();
    expect(kept).toHaveLength(1);
    expect(Buffer.from(kept[0]!.raw).equals(raw)).toBe(true);
    expect(await testDb().bounceEvent.count()).toBe(0);
  });

  it("a transactional mail goes out with its own VERP id and a bounce of it marks it BOUNCED", async () => {
    const db = testDb();
    const s = await db.subscriber.create({
      data: { email: `w-${randomUUID().slice(0, 8)}@example.org`, status: "ACTIVE", confirmedAt: new Date() },
    });
    const pool = createSmtpPool({ size: 1 });
    pools.push(pool);
    expect(await sendTransactional({ kind: "welcome", subscriberId: s.id }, { pool })).toBe("sent");
    const mail = sink.mailsTo(s.email)[0]!;
    expect(mail.envelopeFrom).toMatch(/^bounces\+t[a-z2-7]{42}@bounces\.paperboy\.test$/);
    const r = await ingestBounceMail(dsn({ to: mail.envelopeFrom, recipient: s.email }), { source: "SMTP" }, applyDeps());
    expect(r).toEqual({ kind: "report", outcomes: ["bounced-suppressed"] });
    expect((await db.transactionalMail.findFirstOrThrow({ where: { subscriberId: s.id } })).status).toBe("BOUNCED");
    expect(await suppressionOf(db, { key: s.email })).toBe("HARD_BOUNCE");
  });
});
