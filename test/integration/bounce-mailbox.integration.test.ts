// The bounce mailbox poller against a real IMAP server on loopback: bounce and complaint mail put into the mailbox
// is read, applied through the one intake, and deleted; unreadable mail is kept in the database (and deleted from
// the mailbox); a message that arrives twice changes nothing the second time.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startImapServer, type ImapServer } from "../helpers/imap-server";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { arf, dsn } from "../helpers/bounce-reports";
import { resetEnvCache } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition } from "@/lib/digest/run-edition";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { imapOptions, pollMailbox } from "@/lib/bounces/mailbox-poller";
import { suppressionOf } from "@/lib/subscribers/suppression";
import type { SmtpPool } from "@/lib/mail/smtp-pool";

const DATE = "2025-03-14";
const verp = { localPart: "bounces", domain: "bounces.paperboy.test" };
let sql: Sql;
let sink: SmtpSink;
let imap: ImapServer;
const pools: SmtpPool[] = [];

beforeEach(async () => {
  await resetDb(testDb());
  sink = await startSmtpSink();
  imap = await startImapServer();
  process.env.SMTP_URL = sink.url;
  process.env.BOUNCE_DOMAIN = verp.domain;
  resetEnvCache();
  sql ??= createSql(process.env.DATABASE_URL!);
  return async () => {
    for (const p of pools.splice(0)) p.close();
    await sink.close();
    await imap.close();
    delete process.env.BOUNCE_DOMAIN;
    resetEnvCache();
  };
});

afterAll(async () => {
  await sql?.end();
  await closeTestDb();
});

describe("bounce mailbox", () => {
  it("reads the URL's parts", () => {
    expect(imapOptions("imaps://bounces%40example.org:p%3Ass@imap.example.org/Bounces")).toEqual({
      host: "imap.example.org", port: 993, secure: true, auth: { user: "bounces@example.org", pass: "p:ss" }, folder: "Bounces",
    });
    expect(imapOptions("imap://u:p@127.0.0.1:1143").folder).toBe("INBOX");
  });

  it("applies bounce and complaint mail from the mailbox once, keeps what it cannot read, and empties the mailbox", async () => {
    const db = testDb();
    const topicIds = await seedDigestTopics(db);
    await createPapers(db, topicIds, paperSpecs(DATE, 3, ["reasoning"]));
    const emails = addresses(4);
    const ids = await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email) => ({ email, topics: ["reasoning"] })));
    const jobs: { deliveryIds: string[] }[] = [];
    await runEdition({ db, sql, enqueue: async (js) => void jobs.push(...js), topN: 3, alsoTrending: 0, skipEmpty: true }, DATE, "DAILY");
    const pool = createSmtpPool({ size: 1 });
    pools.push(pool);
    const sender = createSender(pool, { sql, moreBatchesQueued: async () => false });
    for (const j of jobs) await sender.sendBatch(j.deliveryIds);
    const mail = (i: number) => sink.mailsTo(emails[i]!)[0]!;
    const settings = { url: imap.url, verp };
    const deps = { db, sql, settings: { hardBounceLimit: 1, softBounceDays: 3, complaintRateLimit: 0.5, complaintMinSent: 1000 } };

    expect(await pollMailbox(settings, deps)).toEqual({ read: 0, stored: 0, unparseable: 0, failed: 0 });

    const bounce = dsn({ to: mail(0).envelopeFrom, recipient: emails[0]! });
    await imap.append(Buffer.concat([Buffer.from(`Delivered-To: ${mail(0).envelopeFrom}\r\n`), bounce]));
    await imap.append(arf({ mailFrom: mail(1).envelopeFrom, recipient: emails[1]! }));
    await imap.append(Buffer.from("From: someone@example.com\r\nSubject: Re: your papers\r\n\r\nThanks!\r\n"));
    expect(await imap.count()).toBe(3);

    expect(await pollMailbox(settings, deps)).toEqual({ read: 3, stored: 2, unparseable: 1, failed: 0 });
    expect(await imap.count()).toBe(0);
    expect((await db.delivery.findFirstOrThrow({ where: { subscriberId: ids[0]! } })).status).toBe("BOUNCED");
    expect(await suppressionOf(db, { key: emails[0]! })).toBe("HARD_BOUNCE");
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: ids[1]! } })).status).toBe("UNSUBSCRIBED");
    expect(await suppressionOf(db, { key: emails[1]! })).toBe("COMPLAINT");
    expect(await db.unparseableMessage.count({ where: { source: "IMAP" } })).toBe(1);
    for (const i of [2, 3]) expect((await db.delivery.findFirstOrThrow({ where: { subscriberId: ids[i]! } })).status).toBe("SENT");

    // The same bounce delivered to the mailbox again: read, recognised, nothing changes.
    const events = await db.bounceEvent.count();
    await imap.append(bounce);
    expect(await pollMailbox(settings, deps)).toEqual({ read: 1, stored: 1, unparseable: 0, failed: 0 });
    expect(await db.bounceEvent.count()).toBe(events);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: ids[0]! } })).hardBounceCount).toBe(1);
  });
});
