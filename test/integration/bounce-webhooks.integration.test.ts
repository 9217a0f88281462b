// The providers' webhooks, on the real database and Redis: signed calls are applied once; unsigned, badly signed,
// old or replayed calls are refused and change nothing. The SNS signing certificate is fetched over real HTTPS from
// a local server whose host is the configured trusted pattern.
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import {
  MAILGUN_KEY, POSTMARK_AUTH, TOPIC, mailgunFailed, postmarkBounce, sendgridKeys, sesBounce, sesComplaint, snsMessage, startCertServer, type CertServer,
} from "../helpers/webhook-calls";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { resetEnvCache } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition } from "@/lib/digest/run-edition";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { handleSesWebhook, trustedUrl, type SnsSettings } from "@/lib/bounces/webhooks/ses";
import { handlePostmarkWebhook } from "@/lib/bounces/webhooks/postmark";
import { handleMailgunWebhook } from "@/lib/bounces/webhooks/mailgun";
import { handleSendgridWebhook, SENDGRID_SIGNATURE, SENDGRID_TIMESTAMP } from "@/lib/bounces/webhooks/sendgrid";
import type { WebhookDeps, WebhookRequest } from "@/lib/bounces/webhooks/webhook-intake";
import type { SmtpPool } from "@/lib/mail/smtp-pool";

const DATE = "2025-03-14";
let sql: Sql;
let sink: SmtpSink;
let certs: CertServer;
const r = new Redis(process.env.REDIS_URL!);
const pools: SmtpPool[] = [];
let emails: string[];
let ids: string[];

const deps = (): WebhookDeps => ({
  apply: { db: testDb(), sql, settings: { hardBounceLimit: 1, softBounceDays: 3, complaintRateLimit: 0.5, complaintMinSent: 1000 } },
  redis: r,
  now: () => Date.now(),
  maxAgeSeconds: 900,
});
const sns = (): SnsSettings => ({ topicArns: [TOPIC], hostPattern: /^127\.0\.0\.1:\d+$/, fetchText: (u) => certs.fetchText(u) });
const request = (body: string, headers: Record<string, string> = {}): WebhookRequest => ({
  body,
  header: (name) => headers[name.toLowerCase()] ?? null,
});
const mail = (i: number) => sink.mailsTo(emails[i]!)[0]!;
const deliveryStatus = async (i: number) => (await testDb().delivery.findFirstOrThrow({ where: { subscriberId: ids[i]! } })).status;

async function snapshot() {
  const db = testDb();
  return {
    deliveries: await db.delivery.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    subscribers: await db.subscriber.findMany({ select: { id: true, status: true, hardBounceCount: true }, orderBy: { id: "asc" } }),
    suppressions: await db.suppression.count(),
    events: await db.bounceEvent.count(),
  };
}

beforeAll(async () => {
  certs = await startCertServer();
});

beforeEach(async () => {
  const db = testDb();
  await resetDb(db);
  await flushPrefix();
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.BOUNCE_DOMAIN = "bounces.paperboy.test";
  resetEnvCache();
  sql ??= createSql(process.env.DATABASE_URL!);
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 3, ["reasoning"]));
  emails = addresses(6);
  ids = await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email) => ({ email, topics: ["reasoning"] })));
  const jobs: { deliveryIds: string[] }[] = [];
  await runEdition({ db, sql, enqueue: async (js) => void jobs.push(...js), topN: 3, alsoTrending: 0, skipEmpty: true }, DATE, "DAILY");
  const pool = createSmtpPool({ size: 1 });
  pools.push(pool);
  const sender = createSender(pool, { sql, moreBatchesQueued: async () => false });
  for (const j of jobs) await sender.sendBatch(j.deliveryIds);
  return async () => {
    for (const p of pools.splice(0)) p.close();
    await sink.close();
    delete process.env.BOUNCE_DOMAIN;
    resetEnvCache();
  };
});

afterAll(async () => {
  await certs.close();
  await flushPrefix();
  r.disconnect();
  await sql?.end();
  await closeTestDb();
});

describe("SES through SNS", () => {
  it("applies a verified bounce and complaint once, and refuses a replay", async () => {
    const bounce = snsMessage(certs, { Message: sesBounce({ source: mail(0).envelopeFrom, recipient: emails[0]!, messageId: mail(0).parsed.messageId! }) });
    expect(await handleSesWebhook(request(JSON.stringify(bounce)), sns(), deps())).toMatchObject({ status: 200 });
    expect(await deliveryStatus(0)).toBe("BOUNCED");
    expect(certs.requests.filter((p) => p.endsWith(".pem"))).toHaveLength(1);

    const complaint = snsMessage(certs, { Message: sesComplaint({ source: mail(1).envelopeFrom, recipient: emails[1]! }) }, { version: "2" });
    expect(await handleSesWebhook(request(JSON.stringify(complaint)), sns(), deps())).toMatchObject({ status: 200 });
    expect((await testDb().subscriber.findUniqueOrThrow({ where: { id: ids[1]! } })).status).toBe("UNSUBSCRIBED");

    const before = await snapshot();
    expect(await handleSesWebhook(request(JSON.stringify(bounce)), sns(), deps())).toMatchObject({ status: 409 });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses unsigned, tampered, untrusted-certificate, wrong-topic and old messages, changing nothing", async () => {
    const before = await snapshot();
    const message = sesBounce({ source: mail(2).envelopeFrom, recipient: emails[2]! });
    const good = snsMessage(certs, { Message: message });
    const { Signature: _s, ...unsigned } = good;
    expect((await handleSesWebhook(request(JSON.stringify(unsigned)), sns(), deps())).status).toBe(401);
    const tampered = { ...good, Message: sesBounce({ source: mail(3).envelopeFrom, recipient: emails[3]! }) };
    expect((await handleSesWebhook(request(JSON.stringify(tampered)), sns(), deps())).status).toBe(401);
    // Signed with the right key, but the certificate URL is not on a trusted host (or not https): never fetched.
    const requestsBefore = certs.requests.length;
    for (const certUrl of ["https://evil.example/cert.pem", certs.certUrl.replace("https:", "http:"), certs.certUrl.replace(".pem", ".txt")]) {
      const m = snsMessage(certs, { Message: message }, { certUrl });
      expect((await handleSesWebhook(request(JSON.stringify(m)), sns(), deps())).status).toBe(401);
    }
    expect(certs.requests.length).toBe(requestsBefore);
    const otherTopic = snsMessage(certs, { Message: message, TopicArn: "arn:aws:sns:eu-west-1:999999999999:other" });
    expect((await handleSesWebhook(request(JSON.stringify(otherTopic)), sns(), deps())).status).toBe(403);
    const old = snsMessage(certs, { Message: message, Timestamp: new Date(Date.now() - 3600_000).toISOString() });
    expect((await handleSesWebhook(request(JSON.stringify(old)), sns(), deps())).status).toBe(400);
    expect((await handleSesWebhook(request("not json"), sns(), deps())).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect(await deliveryStatus(2)).toBe("SENT");
  });

  it("the default trusted pattern accepts Amazon's SNS hosts only", () => {
    const amazon = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
    expect(trustedUrl("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem", amazon, ".pem")).not.toBeNull();
    expect(trustedUrl("https://sns.eu-west-1.amazonaws.com.evil.example/x.pem", amazon, ".pem")).toBeNull();
    expect(trustedUrl("https://evil.example/sns.eu-west-1.amazonaws.com/x.pem", amazon, ".pem")).toBeNull();
    expect(trustedUrl("https://user@sns.eu-west-1.amazonaws.com/x.pem", amazon, ".pem")).toBeNull();
  });

  it("confirms a verified subscription by visiting its SubscribeURL", async () => {
    const m = snsMessage(certs, { Type: "SubscriptionConfirmation", Message: "You have chosen to subscribe", SubscribeURL: certs.subscribeUrl, Token: "abc" });
    expect(await handleSesWebhook(request(JSON.stringify(m)), sns(), deps())).toMatchObject({ status: 200 });
    expect(certs.requests.some((p) => p.includes("ConfirmSubscription"))).toBe(true);
  });
});

describe("Postmark", () => {
  it("applies a bounce with the right credentials once; refuses missing or wrong credentials and a replay", async () => {
    const call = postmarkBounce({ email: emails[4]! });
    expect((await handlePostmarkWebhook(request(call.body), POSTMARK_AUTH, deps())).status).toBe(401);
    const wrong = { authorization: `Basic ${Buffer.from("paperboy:wrong-password-000").toString("base64")}` };
    expect((await handlePostmarkWebhook(request(call.body, wrong), POSTMARK_AUTH, deps())).status).toBe(401);
    expect(await deliveryStatus(4)).toBe("SENT");
    expect((await handlePostmarkWebhook(request(call.body, call.headers), POSTMARK_AUTH, deps())).status).toBe(200);
    expect(await deliveryStatus(4)).toBe("BOUNCED");
    const before = await snapshot();
    expect((await handlePostmarkWebhook(request(call.body, call.headers), POSTMARK_AUTH, deps())).status).toBe(409);
    expect(await snapshot()).toEqual(before);
    // Not configured: the endpoint does not exist.
    expect((await handlePostmarkWebhook(request(call.body, call.headers), undefined, deps())).status).toBe(404);
  });
});

describe("Mailgun", () => {
  it("applies a signed event once; refuses a bad signature, an old timestamp and a replayed token", async () => {
    const before = await snapshot();
    const forged = mailgunFailed({ sender: mail(5).envelopeFrom, recipient: emails[5]!, key: "not-the-key-0123456789" });
    expect((await handleMailgunWebhook(request(forged), MAILGUN_KEY, deps())).status).toBe(401);
    const old = mailgunFailed({ sender: mail(5).envelopeFrom, recipient: emails[5]!, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await handleMailgunWebhook(request(old), MAILGUN_KEY, deps())).status).toBe(400);
    const unsigned = JSON.stringify({ ...JSON.parse(old), signature: undefined });
    expect((await handleMailgunWebhook(request(unsigned), MAILGUN_KEY, deps())).status).toBe(401);
    expect(await snapshot()).toEqual(before);

    const good = mailgunFailed({ sender: mail(5).envelopeFrom, recipient: emails[5]!, messageId: mail(5).parsed.messageId! });
    expect((await handleMailgunWebhook(request(good), MAILGUN_KEY, deps())).status).toBe(200);
    expect(await deliveryStatus(5)).toBe("BOUNCED");
    const after = await snapshot();
    expect((await handleMailgunWebhook(request(good), MAILGUN_KEY, deps())).status).toBe(409);
    expect(await snapshot()).toEqual(after);
  });
});

describe("SendGrid", () => {
  it("applies a signed batch once; refuses a bad signature, an old timestamp and a replay", async () => {
    const keys = sendgridKeys();
    const body = JSON.stringify([
      { email: emails[3]!, event: "bounce", type: "bounce", status: "5.1.1", reason: "550 5.1.1 no such user", sg_event_id: "sg-1", "smtp-id": mail(3).parsed.messageId!, timestamp: 1 },
      { email: emails[3]!, event: "delivered", sg_event_id: "sg-2", timestamp: 1 },
    ]);
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { [SENDGRID_SIGNATURE]: keys.sign(ts, body), [SENDGRID_TIMESTAMP]: ts };
    const before = await snapshot();
    expect((await handleSendgridWebhook(request(body), keys.publicKey, deps())).status).toBe(401);
    expect((await handleSendgridWebhook(request(body.replace("5.1.1", "5.1.2"), headers), keys.publicKey, deps())).status).toBe(401);
    const oldTs = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await handleSendgridWebhook(request(body, { [SENDGRID_SIGNATURE]: keys.sign(oldTs, body), [SENDGRID_TIMESTAMP]: oldTs }), keys.publicKey, deps())).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await handleSendgridWebhook(request(body, headers), keys.publicKey, deps())).status).toBe(200);
    expect(await deliveryStatus(3)).toBe("BOUNCED");
    const after = await snapshot();
    expect((await handleSendgridWebhook(request(body, headers), keys.publicKey, deps())).status).toBe(409);
    expect(await snapshot()).toEqual(after);
  });
});
