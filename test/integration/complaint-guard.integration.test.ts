// The complaint-rate guard mid-run: an edition is being sent, complaints come in about its first mails, and once they
// pass COMPLAINT_RATE_LIMIT of the accepted mails (and enough were accepted to judge) the edition pauses itself,
// nothing more goes out, and `digest:status` says why. Resumed by the operator, it finishes.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { arf } from "../helpers/bounce-reports";
import { resetEnvCache } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition } from "@/lib/digest/run-edition";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import { pendingDeliveryIds } from "@/lib/digest/delivery-store";
import { resumeEdition } from "@/lib/digest/edition-store";
import { editionStatuses, formatStatus } from "@/lib/digest/status";
import { ingestBounceMail } from "@/lib/bounces/intake-mail";
import type { SmtpPool } from "@/lib/mail/smtp-pool";

const DATE = "2025-03-14";
let sql: Sql;
let sink: SmtpSink;
const pools: SmtpPool[] = [];

beforeEach(async () => {
  await resetDb(testDb());
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.BOUNCE_DOMAIN = "bounces.paperboy.test";
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

describe("complaint-rate guard", () => {
  it("pauses a sending edition once its complaints pass the limit, and says so in digest:status", async () => {
    const db = testDb();
    const topicIds = await seedDigestTopics(db);
    await createPapers(db, topicIds, paperSpecs(DATE, 4, ["reasoning"]));
    const emails = addresses(300);
    await createSubscribers(process.env.DATABASE_URL!, topicIds, emails.map((email) => ({ email, topics: ["reasoning"] })));
    // The edition's send jobs are held here: the test sends them batch by batch, as the workers would.
    const run = await runEdition({ db, sql, enqueue: async () => undefined, topN: 3, alsoTrending: 0, skipEmpty: true }, DATE, "DAILY");
    const editionId = run.edition.id;
    const ids = await pendingDeliveryIds(sql, editionId);
    expect(ids).toHaveLength(300);
    const pool = createSmtpPool({ size: 2 });
    pools.push(pool);
    const sender = createSender(pool, { sql, moreBatchesQueued: async () => true });
    const settings = { hardBounceLimit: 1, softBounceDays: 3, complaintRateLimit: 0.01, complaintMinSent: 100 };
    const complain = async (i: number) => {
      const mail = sink.mails[i]!;
      return ingestBounceMail(arf({ mailFrom: mail.envelopeFrom }), { source: "SMTP" }, { db, sql, settings });
    };
    const status = async () => (await db.edition.findUniqueOrThrow({ where: { id: editionId } })).status;

    await sender.sendBatch(ids.slice(0, 50));
    expect(sink.mails).toHaveLength(50);
    // One complaint in 50 is 2%, but 50 accepted mails are too few to judge: no pause.
    expect(await complain(0)).toEqual({ kind: "report", outcomes: ["unsubscribed-suppressed"] });
    expect(await status()).toBe("SENDING");

    await sender.sendBatch(ids.slice(50, 150));
    expect(sink.mails).toHaveLength(150);
    // 1 in 150 is under 1%: still sending.
    expect(await status()).toBe("SENDING");
    // The second complaint makes 2 in 150 (1.3%): the edition pauses itself.
    await complain(60);
    expect(await status()).toBe("PAUSED");
    expect((await db.edition.findUniqueOrThrow({ where: { id: editionId } })).pauseReason).toBe("complaint-rate");

    // The rest of the edition's batches send nothing while it is paused.
    await sender.sendBatch(ids.slice(150, 300));
    expect(sink.mails).toHaveLength(150);
    expect(await db.delivery.count({ where: { editionId, status: "PENDING" } })).toBe(150);

    const [s] = await editionStatuses(sql, { date: DATE });
    const text = formatStatus(s!);
    expect(text).toContain("PAUSED because its spam complaints passed the limit (2, 1.33% of the mails accepted");
    expect(text).toContain(`resume with: npm run digest -- --date ${DATE} --resume`);
    expect(text).toContain("2 spam complaints");

    // The operator resumes it: the rest goes out (the two complainers long since unsubscribed were sent before).
    expect(await resumeEdition(sql, editionId)).toBe(true);
    expect((await db.edition.findUniqueOrThrow({ where: { id: editionId } })).pauseReason).toBeNull();
    await sender.sendBatch(ids.slice(150, 300));
    expect(sink.mails).toHaveLength(300);
  });
});
