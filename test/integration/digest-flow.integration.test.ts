// The digest end to end in one process, with real PostgreSQL and a real SMTP server on loopback, BullMQ replaced by
// a list of jobs (the queue wiring has its own tests): edition once, fan-out, selection, shared render, headers,
// records, SentPaper, and what changes (and what must not) when things run twice.
import { generateKeyPairSync } from "node:crypto";
import { dkimVerify } from "mailauth/lib/dkim/verify";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, smtpError, type SmtpSink } from "../helpers/smtp-sink";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { resetEnvCache } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition, type RunEditionDeps } from "@/lib/digest/run-edition";
import type { EnqueueSends } from "@/lib/digest/enqueue-sends";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { RetryLaterError } from "@/lib/digest/send-deliveries";
import { claimDeliveries, recordFinal } from "@/lib/digest/delivery-store";
import { receivedPapers, recentEditionIds } from "@/lib/digest/received-papers";
import type { SmtpPool } from "@/lib/mail/smtp-pool";
import { verifyToken } from "@/lib/tokens/tokens";
import { emailHash } from "@/lib/subscribers/email-hash";

const DATE = "2025-03-14";
const TOPICS = ["llm-inference", "quantization", "alignment-safety"];

let sql: Sql;
let sink: SmtpSink;
let jobs: { jobId: string; deliveryIds: string[] }[];
const pools: SmtpPool[] = [];

function newSender() {
  const pool = createSmtpPool({ size: 3 });
  pools.push(pool);
  // The send queue of these tests is the `jobs` array.
  return createSender(pool, { sql, moreBatchesQueued: async () => jobs.length > 0 });
}

const enqueue: EnqueueSends = async (js) => void jobs.push(...js);

function deps(overrides: Partial<RunEditionDeps> = {}): RunEditionDeps {
  return { db: testDb(), sql, enqueue, topN: 5, alsoTrending: 2, skipEmpty: true, ...overrides };
}

async function setup(subscriberCount: number) {
  const db = testDb();
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 12, TOPICS));
  const emails = addresses(subscriberCount);
  const ids = await createSubscribers(
    process.env.DATABASE_URL!,
    topicIds,
    emails.map((email, i) => ({ email, topics: i % 4 === 3 ? ["vision"] : [TOPICS[i % 3]!] })),
  );
  return { emails, ids, topicIds };
}

/** Runs every queued job until none is left (what the send worker does), retrying refused ones. */
async function drain(sender = newSender()) {
  for (let round = 0; round < 10 && jobs.length; round++) {
    const current = jobs.splice(0);
    for (const j of current) {
      try {
        await sender.sendBatch(j.deliveryIds);
      } catch (err) {
        if (err instanceof RetryLaterError) jobs.push(j);
      }
    }
  }
}

beforeEach(async () => {
  await resetDb(testDb());
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvCache();
  sql ??= createSql(process.env.DATABASE_URL!);
  jobs = [];
  return async () => {
    for (const p of pools.splice(0)) p.close();
    await sink.close();
  };
});

afterAll(async () => {
  await sql?.end();
  await closeTestDb();
});

describe("digest flow", () => {
  it("fans out once, sends one digest per active subscriber with their papers, headers and records", async () => {
    const { emails, ids } = await setup(40);
    const db = testDb();
    await createSubscribers(process.env.DATABASE_URL!, await seedDigestTopics(db), [
      { email: "gone@example.org", topics: TOPICS, status: "UNSUBSCRIBED" },
      { email: "unconfirmed@example.org", topics: TOPICS, status: "PENDING" },
      { email: "weekly@example.org", topics: TOPICS, frequency: "WEEKLY" },
    ]);

    const first = await runEdition(deps(), DATE, "DAILY");
    expect(first.fanOut).toMatchObject({ pending: 30, skipped: 10 });
    // Three topic sets with papers => three shared renders for thirty readers.
    expect(first.fanOut!.contentGroups).toBe(3);
    const again = await runEdition(deps(), DATE, "DAILY");
    expect(again.edition.id).toBe(first.edition.id);
    expect(again.fanOut).toBeNull();
    expect(await db.delivery.count()).toBe(40);

    await drain();
    // The last batch found nothing else queued and closed the edition.
    expect((await db.edition.findUniqueOrThrow({ where: { id: first.edition.id } })).status).toBe("DONE");
    const withTopics = emails.filter((_, i) => i % 4 !== 3);
    for (const e of withTopics) expect(sink.mailsTo(e)).toHaveLength(1);
    // Nothing new in their topics (computer vision had no papers) => no mail, recorded as SKIPPED.
    for (const e of emails.filter((_, i) => i % 4 === 3)) expect(sink.mailsTo(e)).toHaveLength(0);
    for (const e of ["gone@example.org", "unconfirmed@example.org", "weekly@example.org"]) expect(sink.mailsTo(e)).toHaveLength(0);
    expect(sink.mails).toHaveLength(30);

    const mail = sink.mailsTo(emails[0]!)[0]!;
    const p = mail.parsed;
    const headerValue = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(mail.raw)?.[1]?.trim() ?? "";
    const unsub = headerValue("list-unsubscribe").replace(/^<|>$/g, "");
    expect(unsub).toMatch(new RegExp(`^${process.env.APP_URL}/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(unsub).not.toContain("reader0");
    const token = unsub.split("/").pop()!;
    expect(verifyToken(token, "unsubscribe")).toMatchObject({ subscriberId: ids[0], editionId: first.edition.id });
    expect(headerValue("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(headerValue("list-id")).toContain("<paperboy.local>");
    expect(p.text).toBeTruthy();
    expect(p.html).toBeTruthy();
    expect(Buffer.byteLength(String(p.html))).toBeLessThan(102 * 1024);
    // Per-subscriber links are filled in; no placeholder survives in either part.
    expect(String(p.html)).toContain(unsub);
    expect(p.text).toContain(unsub);
    expect(String(p.html) + p.text).not.toContain("placeholder.invalid");
    expect(String(p.html)).toContain("/manage/");
    expect(p.text).toContain(process.env.POSTAL_ADDRESS!);
    // readableText: LaTeX in titles shows as text.
    expect(String(p.html)).toContain("H₂O");
    expect(String(p.html)).toContain("Also trending");
    expect(String(p.html)).toContain(`/editions/${first.edition.id}?v=`);

    const delivery = await db.delivery.findUniqueOrThrow({
      where: { editionId_subscriberId: { editionId: first.edition.id, subscriberId: ids[0]! } },
    });
    expect(delivery.status).toBe("SENT");
    expect(delivery.messageId).toBe(p.messageId);
    expect(delivery.smtpResponse).toMatch(/^250/);
    expect(delivery.paperIds).toHaveLength(4); // 12 papers over 3 topics => 4 in theirs
    expect(delivery.reasons[0]).toMatch(/^LLM inference and efficiency: matched/);
    // The mail says why in a reader's words, not the stored evidence ("matched 'x'").
    expect(String(p.html)).toContain("Why: LLM inference and efficiency: mentions “llm-inference keyword”");
    // Every paper of the mail, own and also trending, carries the reader's three feedback links in both parts, each a
    // token for (this reader, that paper, this edition) and nothing readable.
    for (const paperId of [...delivery.paperIds, ...delivery.alsoTrendingIds]) {
      const html = [...String(p.html).matchAll(/href="([^"]*\/feedback\/([^"/]+))\/(more|less|save)"/g)].filter(
        (m) => verifyToken(m[2], "feedback")?.paperId === paperId,
      );
      expect(html.map((m) => m[3]).sort(), paperId).toEqual(["less", "more", "save"]);
      expect(verifyToken(html[0]![2], "feedback")).toMatchObject({ subscriberId: ids[0], editionId: first.edition.id, paperId });
      expect(html[0]![1]).not.toContain(paperId);
      for (const action of ["more", "less", "save"]) expect(p.text).toContain(`${html[0]![1]}/${action}`);
    }
    // Another reader of the same shared render gets links of their own.
    const other = sink.mailsTo(emails[6]!)[0]!.parsed;
    const otherTokens = [...String(other.html).matchAll(/\/feedback\/([^"/]+)\/more"/g)].map((m) => verifyToken(m[1], "feedback")?.subscriberId);
    expect(new Set(otherTokens)).toEqual(new Set([ids[6]]));
    // What the next day's fan-out will read as "already received": 4 own + 2 also trending, for every reader.
    const allPapers = (await db.paper.findMany({ select: { id: true } })).map((p) => p.id);
    const received = await receivedPapers(sql, await recentEditionIds(sql, { date: "2025-03-15", frequency: "DAILY" }), ids, allPapers);
    expect([...(received.get(ids[0]!) ?? [])].sort()).toEqual([...delivery.paperIds, ...delivery.alsoTrendingIds].sort());
    expect(received.size).toBe(30);
    expect([...received.values()].reduce((n, set) => n + set.size, 0)).toBe(30 * 6);

    // Running the jobs again sends nothing more.
    jobs.push({ jobId: "again", deliveryIds: (await db.delivery.findMany({ select: { id: true } })).map((d) => d.id) });
    await drain();
    expect(sink.mails).toHaveLength(30);
  });

  it("never repeats a paper in a later edition, and skips readers with nothing new", async () => {
    const { emails, topicIds } = await setup(6);
    await runEdition(deps(), DATE, "DAILY");
    await drain();
    expect(sink.mails).toHaveLength(5); // 6 readers; reader 3 (vision) has no papers in their topic

    // Next day: two new papers in llm-inference only; yesterday's remain in the window but were sent.
    await createPapers(testDb(), topicIds, [
      { id: "2503.20001", dailyDate: "2025-03-15", trendingScore: 5, topics: [{ slug: "llm-inference", reason: "matched 'kv cache'" }] },
      { id: "2503.20002", dailyDate: "2025-03-15", trendingScore: 4, topics: [{ slug: "llm-inference", reason: "matched 'kv cache'" }] },
    ]);
    sink.clear();
    const second = await runEdition(deps(), "2025-03-15", "DAILY");
    await drain();
    const reader0 = sink.mailsTo(emails[0]!);
    expect(reader0).toHaveLength(1);
    const d = await testDb().delivery.findFirstOrThrow({ where: { editionId: second.edition.id, subscriber: { email: emails[0]! } } });
    expect(d.paperIds).toEqual(["2503.20001", "2503.20002"]);
    // Readers of other topics got nothing new in their topics: no mail (DIGEST_SKIP_EMPTY).
    expect(sink.mailsTo(emails[1]!)).toHaveLength(0);
    expect(await testDb().delivery.count({ where: { editionId: second.edition.id, status: "SKIPPED" } })).toBe(5);
  });

  it("with skipEmpty off, a reader with nothing new gets the also-trending section only", async () => {
    const { emails } = await setup(4);
    await runEdition(deps({ skipEmpty: false }), DATE, "DAILY");
    await drain();
    const m = sink.mailsTo(emails[3]!);
    expect(m).toHaveLength(1);
    expect(m[0]!.parsed.text).toContain("Nothing new in your topics");
    expect(m[0]!.parsed.subject).toContain("nothing new in your topics");
  });

  it("retries 451, records and suppresses 550, and never sends a 550 address again", async () => {
    const { emails, ids } = await setup(30);
    const bad = new Set([emails[0]!, emails[1]!]);
    sink.setRcptPolicy((a) => (bad.has(a) ? smtpError(550, "5.1.1 no such user") : undefined));
    sink.setDataPolicy(({ index }) => (index % 10 === 0 ? smtpError(451, "4.3.0 try again later") : undefined));
    await runEdition(deps(), DATE, "DAILY");
    await drain();
    const db = testDb();
    for (const [i, e] of emails.entries()) {
      if (i % 4 === 3) continue;
      expect(sink.mailsTo(e), e).toHaveLength(bad.has(e) ? 0 : 1);
    }
    const bounced = await db.delivery.findMany({ where: { status: "BOUNCED" } });
    expect(bounced.map((b) => b.subscriberId).sort()).toEqual([ids[0], ids[1]].sort());
    expect(bounced[0]!.smtpResponse).toContain("550");
    expect(await db.suppression.count({ where: { emailHash: { in: [emailHash(emails[0]!), emailHash(emails[1]!)] } } })).toBe(2);
    // Some messages were refused with 451 first and went out on a later try.
    expect(await db.delivery.count({ where: { status: "SENT", attempts: { gt: 1 } } })).toBeGreaterThan(0);

    // Next day, the suppressed addresses get a row but are skipped at claim time.
    sink.setRcptPolicy(undefined);
    sink.setDataPolicy(undefined);
    sink.clear();
    await createPapers(db, await seedDigestTopics(db), paperSpecs("2025-03-15", 6, TOPICS, "2504"));
    await runEdition(deps(), "2025-03-15", "DAILY");
    await drain();
    expect(sink.mailsTo(emails[0]!)).toHaveLength(0);
    expect(sink.mailsTo(emails[2]!)).toHaveLength(1);
  });

  it("a 550 for a claim already released as stale neither records nor suppresses: the newer attempt decides", async () => {
    const { emails } = await setup(4);
    await runEdition(deps(), DATE, "DAILY");
    const db = testDb();
    const row = await db.delivery.findFirstOrThrow({ where: { subscriber: { email: emails[0]! } } });
    const [first] = await claimDeliveries(sql, [row.id]);
    expect(first!.attempts).toBe(1);
    // What the reconciler does to a claim that went stale before transmission: back to PENDING, claimed again.
    await db.delivery.update({ where: { id: row.id }, data: { status: "PENDING", claimedAt: null } });
    const [second] = await claimDeliveries(sql, [row.id]);
    expect(second!.attempts).toBe(2);
    expect(await recordFinal(sql, { id: row.id, attempts: 1 }, "BOUNCED", "RCPT TO: 550 late answer")).toBe(false);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SENDING");
    expect(await recordFinal(sql, { id: row.id, attempts: 2 }, "BOUNCED", "RCPT TO: 550 no such user")).toBe(true);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("BOUNCED");
  });

  it("pauses the edition after a burst of errors and resumes where it stopped", async () => {
    await setup(40);
    process.env.ERROR_BURST_LIMIT = "5";
    resetEnvCache();
    try {
      sink.setDataPolicy(() => smtpError(421, "4.7.0 slow down"));
      const r = await runEdition(deps(), DATE, "DAILY");
      await drain();
      const db = testDb();
      expect((await db.edition.findUniqueOrThrow({ where: { id: r.edition.id } })).status).toBe("PAUSED");
      expect(sink.mails).toHaveLength(0);
      expect(await db.delivery.count({ where: { status: "PENDING" } })).toBe(30);

      sink.setDataPolicy(undefined);
      await db.edition.update({ where: { id: r.edition.id }, data: { status: "SENDING", consecutiveErrors: 0 } });
      jobs.push({ jobId: "resume", deliveryIds: (await db.delivery.findMany({ where: { status: "PENDING" }, select: { id: true } })).map((d) => d.id) });
      await drain();
      expect(sink.mails).toHaveLength(30);
    } finally {
      delete process.env.ERROR_BURST_LIMIT;
      resetEnvCache();
    }
  });

  it("a batch that sees other batches queued leaves closing the edition to them", async () => {
    await setup(40);
    const { edition } = await runEdition(deps(), DATE, "DAILY");
    const all = jobs.splice(0).flatMap((j) => j.deliveryIds);
    const status = async () => (await testDb().edition.findUniqueOrThrow({ where: { id: edition.id } })).status;
    const pool = createSmtpPool({ size: 2 });
    pools.push(pool);
    const sender = createSender(pool, { sql, moreBatchesQueued: async () => true });
    await sender.sendBatch(all.slice(0, 20));
    await sender.sendBatch(all.slice(20));
    expect(sink.mails).toHaveLength(30);
    // Everything is sent, but the sender was told another batch is coming, which will check (or the reconciler).
    expect(await status()).toBe("SENDING");
  });

  it("the same batch run by two senders at once sends each message once", async () => {
    const { emails } = await setup(80);
    await runEdition(deps(), DATE, "DAILY");
    const all = jobs.splice(0).flatMap((j) => j.deliveryIds);
    const a = newSender();
    const b = newSender();
    await Promise.all([a.sendBatch(all), b.sendBatch(all), a.sendBatch(all.slice(10)), b.sendBatch(all.slice(5))]);
    for (const [i, e] of emails.entries()) expect(sink.mailsTo(e)).toHaveLength(i % 4 === 3 ? 0 : 1);
  });

  it("signs each digest with DKIM when a key is configured, covering the List-Unsubscribe headers", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    Object.assign(process.env, {
      DKIM_DOMAIN: "paperboy.test",
      DKIM_SELECTOR: "pb2025",
      DKIM_PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString().replace(/\n/g, "\\n"),
    });
    resetEnvCache();
    try {
      const { emails } = await setup(3);
      await runEdition(deps(), DATE, "DAILY");
      await drain();
      const raw = sink.mailsTo(emails[0]!)[0]!.raw;
      const sig = /^DKIM-Signature: ([\s\S]*?)\r?\n(?=[^ \t])/m.exec(raw)?.[1] ?? "";
      expect(sig).toContain("d=paperboy.test");
      expect(sig).toContain("s=pb2025");
      const h = /;h=([^;]+)/.exec(sig.replace(/\s+/g, ""))?.[1]?.toLowerCase().split(":") ?? [];
      expect(h).toEqual(expect.arrayContaining(["from", "to", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post", "list-id"]));
      // A receiver's check: mailauth verifies the signature against the public key, served as the DNS record
      // pb2025._domainkey.paperboy.test would serve it.
      const keyRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
      const resolver = async (name: string, type: string) => {
        if (name === "pb2025._domainkey.paperboy.test" && type === "TXT") return [[keyRecord]];
        throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
      };
      const verified = await dkimVerify(Buffer.from(raw, "utf8"), { resolver });
      expect(verified.results.map((r) => r.status.result)).toEqual(["pass"]);
      // Changing a signed header breaks it.
      const tampered = raw.replace(/^List-Unsubscribe: </m, "List-Unsubscribe: <mailto:attacker@example.net>, <");
      expect(tampered).not.toBe(raw);
      const broken = await dkimVerify(Buffer.from(tampered, "utf8"), { resolver });
      expect(broken.results.map((r) => r.status.result)).toEqual(["fail"]);
    } finally {
      for (const k of ["DKIM_DOMAIN", "DKIM_SELECTOR", "DKIM_PRIVATE_KEY"]) delete process.env[k];
      resetEnvCache();
    }
  });

  it("an unsubscribe or a suppression between fan-out and sending stops that reader's mail", async () => {
    const { emails, ids } = await setup(12);
    await runEdition(deps(), DATE, "DAILY");
    const db = testDb();
    await db.subscriber.update({ where: { id: ids[0]! }, data: { status: "UNSUBSCRIBED", unsubscribedAt: new Date() } });
    await db.suppression.create({ data: { emailHash: emailHash(emails[1]!), reason: "COMPLAINT" } });
    await drain();
    expect(sink.mailsTo(emails[0]!)).toHaveLength(0);
    expect(sink.mailsTo(emails[1]!)).toHaveLength(0);
    expect(sink.mailsTo(emails[2]!)).toHaveLength(1);
    expect(await db.delivery.count({ where: { subscriberId: { in: [ids[0]!, ids[1]!] }, status: "SKIPPED" } })).toBe(2);
  });
});
