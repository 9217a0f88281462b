// The bounce intake on the real stack: `npm run digest` sends an edition to 200 subscribers through the SMTP sink
// with VERP envelope senders; the worker process (`npm run worker`, WORKERS=bounces) listens for bounce mail and the
// built web app (`npm start`) takes the providers' webhooks. The test delivers DSNs and ARF complaints over SMTP as
// a relay would, calls the SES, Postmark and Mailgun webhooks as they do, replays everything, sends forged and old
// webhook calls, and runs the next edition.
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startTsChild, type Child } from "../helpers/child-process";
import { waitUntil } from "../helpers/wait-until";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { arf, dsn } from "../helpers/bounce-reports";
import { suppressionOf } from "@/lib/subscribers/suppression";
import { appEnvironment, startApp } from "../helpers/app-processes";
import { MAILGUN_KEY, POSTMARK_AUTH, TOPIC, mailgunFailed, postmarkBounce, sesBounce, snsMessage, startCertServer, type CertServer } from "../helpers/webhook-calls";

const DATE = "2025-03-14";
const NEXT = "2025-03-15";
const TOPICS = ["reasoning", "vision"];
const BOUNCE_DOMAIN = "bounces.paperboy.test";
// The listener takes a free port (BOUNCE_SMTP_PORT=0) and logs it.
let listenerPort = 0;

const APP_PORT = 39311;
let sink: SmtpSink;
let certs: CertServer | undefined;
const running = new Set<Child>();
const stops: (() => Promise<void>)[] = [];

/** The built web app with every webhook configured; SNS certificates come from the local HTTPS server. */
async function startWebApp(): Promise<string> {
  certs = await startCertServer();
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), "sns-ca-")), "ca.pem");
  writeFileSync(caFile, certs.cert);
  const app = await startApp(
    APP_PORT,
    appEnvironment(sink.url, {
      BOUNCE_DOMAIN,
      HARD_BOUNCE_LIMIT: "1",
      SES_SNS_TOPIC_ARNS: TOPIC,
      SES_SNS_CERT_HOST_PATTERN: "^127\\.0\\.0\\.1:\\d+$",
      NODE_EXTRA_CA_CERTS: caFile,
      POSTMARK_WEBHOOK_AUTH: POSTMARK_AUTH,
      MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
    }),
  );
  stops.push(() => app.stop());
  return `http://127.0.0.1:${APP_PORT}`;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  await res.text();
  return res.status;
}

function bounceEnv(): Record<string, string> {
  return { SMTP_URL: sink.url, LOG_LEVEL: "info", LOG_FORMAT: "json", BOUNCE_DOMAIN, HARD_BOUNCE_LIMIT: "1" };
}

async function runDigest(date: string) {
  const child = await startTsChild("scripts/digest.ts", { ...bounceEnv(), LOG_LEVEL: "silent" }, { args: ["--date", date], ready: "" });
  running.add(child);
  const code = await child.exited();
  expect(code, child.output()).toBe(0);
}

async function startListener(): Promise<Child> {
  const child = await startTsChild(
    "workers/index.ts",
    { ...bounceEnv(), WORKERS: "bounces", BOUNCE_SMTP_PORT: "0", BOUNCE_SMTP_HOST: "127.0.0.1" },
    { ready: "bounce listener listening", readyWhat: "the bounce listener to listen" },
  );
  running.add(child);
  const line = child.output().split("\n").find((l) => l.includes("bounce listener listening"))!;
  listenerPort = (JSON.parse(line) as { port: number }).port;
  return child;
}

/** Delivers a report to the listener as a relay does: null reverse-path, the bounce address as recipient. */
async function deliver(to: string, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listenerPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: "", to: [to] }, raw });
  } finally {
    transport.close();
  }
}

async function snapshot() {
  const db = testDb();
  return {
    deliveries: await db.delivery.findMany({ select: { id: true, status: true, lastError: true }, orderBy: { id: "asc" } }),
    subscribers: await db.subscriber.findMany({ select: { id: true, status: true, hardBounceCount: true }, orderBy: { id: "asc" } }),
    suppressions: await db.suppression.findMany({ select: { emailHash: true, reason: true }, orderBy: { emailHash: "asc" } }),
    consent: await db.consentEvent.count(),
    events: await db.bounceEvent.findMany({ select: { eventKey: true, outcome: true }, orderBy: { eventKey: "asc" } }),
  };
}

beforeEach(async () => {
  const db = testDb();
  await resetDb(db);
  sink = await startSmtpSink();
  return async () => {
    for (const child of running) await child.kill9();
    running.clear();
    for (const stop of stops.splice(0)) await stop();
    await certs?.close();
    certs = undefined;
    await sink.close();
  };
});

afterAll(async () => {
  await closeTestDb();
});

describe("bounce intake end to end", { timeout: 300_000 }, () => {
  it("bounces and complaints sent to the listener mark exactly their subscribers, once, and the next edition skips them", async () => {
    const db = testDb();
    const topicIds = await seedDigestTopics(db);
    await createPapers(db, topicIds, [...paperSpecs(DATE, 6, TOPICS), ...paperSpecs(NEXT, 6, TOPICS, "2504")]);
    const emails = addresses(200);
    const ids = await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email, i) => ({ email, topics: [TOPICS[i % 2]!] })));

    await runDigest(DATE);
    expect(sink.mails).toHaveLength(200);
    const mailOf = (i: number) => sink.mailsTo(emails[i]!)[0]!;
    for (const i of [0, 57, 199]) expect(mailOf(i).envelopeFrom).toMatch(/^bounces\+d[a-z2-7]{42}@bounces\.paperboy\.test$/);

    const [listener, web] = await Promise.all([startListener(), startWebApp()]);
    const hard = [3, 40, 77, 120, 188];
    const [viaSes, viaPostmark, viaMailgun] = [20, 60, 100];
    const complainers = [9, 150];
    const reports: { to: string; raw: Buffer }[] = [
      ...hard.map((i) => ({ to: mailOf(i).envelopeFrom, raw: dsn({ to: mailOf(i).envelopeFrom, recipient: emails[i]!, originalMessageId: mailOf(i).parsed.messageId! }) })),
      // Feedback loops send to the bare bounce address; the VERP id is in Original-Mail-From.
      ...complainers.map((i) => ({ to: `bounces@${BOUNCE_DOMAIN}`, raw: arf({ mailFrom: mailOf(i).envelopeFrom, recipient: emails[i]!, originalMessageId: mailOf(i).parsed.messageId! }) })),
    ];
    for (const r of reports) await deliver(r.to, r.raw);
    // The listener answers 250 only once a report is stored and applied, so the rows are final now.

    const webhooks: { url: string; body: string; headers?: Record<string, string> }[] = [
      {
        url: `${web}/webhooks/ses`,
        body: JSON.stringify(snsMessage(certs!, { Message: sesBounce({ source: mailOf(viaSes).envelopeFrom, recipient: emails[viaSes]!, messageId: mailOf(viaSes).parsed.messageId! }) })),
      },
      { url: `${web}/webhooks/postmark`, ...postmarkBounce({ email: emails[viaPostmark]! }) },
      { url: `${web}/webhooks/mailgun`, body: mailgunFailed({ sender: mailOf(viaMailgun).envelopeFrom, recipient: emails[viaMailgun]!, messageId: mailOf(viaMailgun).parsed.messageId! }) },
    ];
    for (const w of webhooks) expect(await post(w.url, w.body, w.headers), w.url).toBe(200);
    hard.push(viaSes, viaPostmark, viaMailgun);

    for (const i of hard) {
      const d = await db.delivery.findFirstOrThrow({ where: { subscriberId: ids[i]! } });
      expect(d.status, `delivery of reader ${i}`).toBe("BOUNCED");
      expect(await suppressionOf(db, { key: emails[i]! })).toBe("HARD_BOUNCE");
    }
    for (const i of complainers) {
      const s = await db.subscriber.findUniqueOrThrow({ where: { id: ids[i]! } });
      expect(s.status).toBe("UNSUBSCRIBED");
      expect(await suppressionOf(db, { key: emails[i]! })).toBe("COMPLAINT");
      expect(await db.consentEvent.findMany({ where: { subscriberId: ids[i]! }, select: { kind: true, source: true } })).toEqual([{ kind: "UNSUBSCRIBE", source: "complaint" }]);
    }
    // Nobody else was touched.
    const touched = new Set([...hard, ...complainers].map((i) => ids[i]!));
    const others = ids.filter((id) => !touched.has(id));
    expect(await db.delivery.count({ where: { subscriberId: { in: others }, status: "SENT" } })).toBe(190);
    expect(await db.subscriber.count({ where: { id: { in: others }, status: "ACTIVE", hardBounceCount: 0 } })).toBe(190);
    expect(await db.suppression.count()).toBe(10);
    expect(await db.consentEvent.count()).toBe(2);

    // Replaying every report and every webhook call changes nothing (the replayed calls are refused).
    const before = await snapshot();
    expect(before.events).toHaveLength(10);
    for (const r of reports) await deliver(r.to, r.raw);
    for (const w of webhooks) expect(await post(w.url, w.body, w.headers), w.url).toBe(409);
    // Webhook calls with a bad signature, bad credentials or an old timestamp are refused and change nothing.
    const victim = 130;
    const forgedSes = JSON.parse(webhooks[0]!.body) as Record<string, string>;
    forgedSes.Message = sesBounce({ source: mailOf(victim).envelopeFrom, recipient: emails[victim]! });
    expect(await post(`${web}/webhooks/ses`, JSON.stringify(forgedSes))).toBe(401);
    const oldSes = snsMessage(certs!, { Message: forgedSes.Message, Timestamp: new Date(Date.now() - 7200_000).toISOString() });
    expect(await post(`${web}/webhooks/ses`, JSON.stringify(oldSes))).toBe(400);
    expect(await post(`${web}/webhooks/postmark`, postmarkBounce({ email: emails[victim]! }).body, { authorization: `Basic ${Buffer.from("paperboy:guessed-password").toString("base64")}` })).toBe(401);
    expect(await post(`${web}/webhooks/mailgun`, mailgunFailed({ sender: mailOf(victim).envelopeFrom, recipient: emails[victim]!, key: "not-the-signing-key-000" }))).toBe(401);
    expect(await post(`${web}/webhooks/mailgun`, mailgunFailed({ sender: mailOf(victim).envelopeFrom, recipient: emails[victim]!, timestamp: Math.floor(Date.now() / 1000) - 7200 }))).toBe(400);
    expect(await post(`${web}/webhooks/sendgrid`, "[]")).toBe(404);
    expect(await snapshot()).toEqual(before);

    // Mail to any other address of the bounce domain is refused at RCPT.
    await expect(deliver(`someone@${BOUNCE_DOMAIN}`, dsn({ to: `someone@${BOUNCE_DOMAIN}`, recipient: emails[0]! }))).rejects.toThrow(/550/);
    expect(listener.output()).toContain("bounce report applied");

    // The next edition skips every bounced and complaining address.
    sink.clear();
    await runDigest(NEXT);
    await waitUntil(async () => (await db.edition.count({ where: { status: "DONE" } })) === 2, 60_000, "the next edition to finish");
    expect(sink.mails).toHaveLength(190);
    for (const i of [...hard, ...complainers]) expect(sink.mailsTo(emails[i]!)).toHaveLength(0);
    expect(sink.mailsTo(emails[victim]!)).toHaveLength(1);
  });
});
