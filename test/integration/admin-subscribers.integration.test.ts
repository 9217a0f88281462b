// The console's subscriber and suppression work against real PostgreSQL, Redis, BullMQ and SMTP: exact look-up,
// unsubscribe, the confirmation mail sent again under the once-a-day rule, erasure, the CSV import (a 1,000-row file
// with 20 bad rows: each reported by line and reason, the rest pending with their confirmation mails queued, nobody
// active), the CSV export's quoting, and lifting a suppression. Every action lands in the audit log.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { lookUpSubscriber, actOnSubscriber, subscriberDetail } from "@/lib/admin/subscriber-admin";
import { findImportReport, importSubscribersCsv, MAX_IMPORT_ROWS, parseImportCsv } from "@/lib/admin/csv-import";
import { activeSubscriberLines, csvCell, exportActiveSubscribers } from "@/lib/admin/csv-export";
import { findSuppression, liftSuppression, lookUpSuppression, suppressionCounts } from "@/lib/admin/suppression-admin";
import { emailHash } from "@/lib/subscribers/email-hash";
import { suppress } from "@/lib/subscribers/suppression";
import { subscriberDeps } from "@/lib/subscribers/deps";
import { enqueueTransactional } from "@/lib/subscribers/mail/enqueue-transactional";
import { sendTransactional } from "@/lib/subscribers/mail/send-transactional";
import { signup } from "@/lib/subscribers/signup";
import { SmtpPool } from "@/lib/mail/smtp-pool";
import { closeQueues, jobId, queue, QUEUE } from "@/lib/queue/queues";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { closeTestDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { closeFixtureRedis, freshFixture, person, signupForm, type Fixture } from "../helpers/subscriber-fixtures";

const OPERATOR = { email: "ops@paperboy.test" };
const client = { ip: "192.0.2.10", userAgent: "console test" };
let f: Fixture;
let sink: SmtpSink;
let pool: SmtpPool;

beforeAll(async () => {
  sink = await startSmtpSink();
  pool = new SmtpPool({ url: sink.url, size: 2 });
});
beforeEach(async () => {
  f = await freshFixture();
  sink.clear();
});
afterAll(async () => {
  pool.close();
  await sink.close();
  await closeQueues();
  closeFixtureRedis();
  await closeTestDb();
});

const db = () => f.deps.db;
const audit = async () => (await db().adminAuditEvent.findMany({ orderBy: { id: "asc" } })).map((a) => ({ action: a.action, target: a.target, detail: a.detail }));

async function subscriber(email: string, status: "PENDING" | "ACTIVE" | "UNSUBSCRIBED", extra: Record<string, unknown> = {}) {
  const topic = await db().topic.findUniqueOrThrow({ where: { slug: "reasoning" } });
  return db().subscriber.create({
    data: {
      email,
      status,
      confirmedAt: status === "PENDING" ? null : new Date("2026-11-01T08:00:00Z"),
      topics: { create: [{ topicId: topic.id }] },
      ...extra,
    },
  });
}

describe("looking a subscriber up", () => {
  it("finds exactly the canonical address, says when there is none, and records every look-up", async () => {
    const s = await subscriber("ada@example.org", "ACTIVE");
    expect(await lookUpSubscriber(db(), "  ADA@Example.ORG ", OPERATOR, client)).toEqual({ found: true, id: s.id });
    expect(await lookUpSubscriber(db(), "ada@example.com", OPERATOR, client)).toEqual({ found: false, why: "not-found" });
    // No partial matches: part of an address is not an address.
    expect(await lookUpSubscriber(db(), "ada", OPERATOR, client)).toEqual({ found: false, why: "invalid" });
    expect(await lookUpSubscriber(db(), "example.org", OPERATOR, client)).toEqual({ found: false, why: "invalid" });
    const log = await audit();
    expect(log).toEqual([
      { action: "looked up subscriber", target: `subscriber ${s.id}`, detail: null },
      { action: "looked up subscriber", target: "a***@example.com", detail: "not found" },
    ]);
  });

  it("shows state, choices, the consent log and the recent deliveries", async () => {
    await signup(signupForm({ email: "Bea@example.org", topics: ["reasoning", "quantization"], frequency: "weekly" }), person, { responseFloorMs: 0 }, f.deps);
    const s = await db().subscriber.findUniqueOrThrow({ where: { email: "bea@example.org" } });
    const edition = await db().edition.create({ data: { date: new Date("2026-11-30T00:00:00Z"), frequency: "WEEKLY", status: "DONE" } });
    await db().delivery.create({ data: { editionId: edition.id, subscriberId: s.id, status: "SENT", sentAt: new Date(), paperIds: [] } });
    const d = (await subscriberDetail(db(), s.id))!;
    expect(d).toMatchObject({ email: "Bea@example.org", status: "PENDING", frequency: "weekly", topics: ["quantization", "reasoning"], suppression: null });
    expect(d.consent.map((e) => [e.kind, e.source])).toEqual([["SIGNUP", "signup-form"]]);
    expect(d.deliveries).toEqual([{ editionDate: "2026-11-30", frequency: "weekly", status: "SENT", sentAt: expect.any(Date) }]);
    expect(await subscriberDetail(db(), "not-a-uuid")).toBeNull();
  });
});

describe("acting on a subscriber", () => {
  it("unsubscribes once, logs the consent event from the console, and audits both presses", async () => {
    const s = await subscriber("cy@example.org", "ACTIVE");
    expect(await actOnSubscriber(f.deps, "unsubscribe", s.id, OPERATOR, client)).toBe("done");
    expect(await actOnSubscriber(f.deps, "unsubscribe", s.id, OPERATOR, client)).toBe("unchanged");
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("UNSUBSCRIBED");
    const events = await db().consentEvent.findMany({ where: { subscriberId: s.id } });
    expect(events.map((e) => [e.kind, e.source, e.detail, e.ip])).toEqual([["UNSUBSCRIBE", "console", "by an operator", client.ip]]);
    expect(await audit()).toEqual([
      { action: "unsubscribed subscriber", target: `subscriber ${s.id}`, detail: null },
      { action: "unsubscribed subscriber", target: `subscriber ${s.id}`, detail: "no change: unchanged" },
    ]);
  });

  it("sends the confirmation mail again only to a pending subscriber, at most once a day", async () => {
    const s = await subscriber("dee@example.org", "PENDING", { lastConfirmationSentAt: new Date(Date.now() - 2 * 86400_000) });
    expect(await actOnSubscriber(f.deps, "resend-confirmation", s.id, OPERATOR, client)).toBe("done");
    expect(f.enqueued).toEqual([{ kind: "confirmation", subscriberId: s.id }]);
    const row = await db().subscriber.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.confirmationId).not.toBeNull();
    expect(row.lastConfirmationSentAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The same day again: refused by the slot, nothing more queued.
    expect(await actOnSubscriber(f.deps, "resend-confirmation", s.id, OPERATOR, client)).toBe("sent-today");
    // Redis emptied since: the row's own record still refuses it.
    await flushPrefix();
    expect(await actOnSubscriber(f.deps, "resend-confirmation", s.id, OPERATOR, client)).toBe("sent-today");
    expect(f.enqueued).toHaveLength(1);
    // The mail itself is the ordinary confirmation mail; the subscriber stays pending.
    expect(await sendTransactional({ kind: "confirmation", subscriberId: s.id }, { pool })).toBe("sent");
    await sink.waitFor(() => sink.mailsTo("dee@example.org").length === 1);
    expect(sink.mailsTo("dee@example.org")[0]!.parsed.subject).toBe("Confirm your Paperboy subscription");
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("PENDING");

    const active = await subscriber("eve@example.org", "ACTIVE");
    expect(await actOnSubscriber(f.deps, "resend-confirmation", active.id, OPERATOR, client)).toBe("not-pending");
    const bounced = await subscriber("fay@example.org", "PENDING");
    await suppress(db(), "fay@example.org", "HARD_BOUNCE");
    expect(await actOnSubscriber(f.deps, "resend-confirmation", bounced.id, OPERATOR, client)).toBe("suppressed");
    expect(f.enqueued).toHaveLength(1);
    expect((await audit()).map((a) => a.detail)).toEqual([null, "no change: sent-today", "no change: sent-today", "no change: not-pending", "no change: suppressed"]);
  });

  it("erases through the subscriber's own erasure: the row goes, a hash stays", async () => {
    const s = await subscriber("gus@example.org", "ACTIVE");
    expect(await actOnSubscriber(f.deps, "erase", s.id, OPERATOR, client)).toBe("done");
    expect(await db().subscriber.count()).toBe(0);
    expect(await db().suppression.findUnique({ where: { emailHash: emailHash("gus@example.org") } })).toMatchObject({ reason: "ERASED" });
    expect(await actOnSubscriber(f.deps, "erase", s.id, OPERATOR, client)).toBe("not-found");
    expect((await audit()).map((a) => [a.action, a.detail])).toEqual([["erased subscriber", null], ["erased subscriber", "no change: not-found"]]);
  });
});

/** A 1,000-row file: 980 good rows and 20 bad ones of every kind, with the lines and reasons the report must give. */
function thousandRowFile(): { text: string; expected: { line: number; reason: RegExp }[] } {
  const lines = ["address,topics,frequency"];
  const expected: { line: number; reason: RegExp }[] = [];
  const bad: [string, RegExp][] = [
    ["no-at-sign.example.org,reasoning,daily", /^bad address: .*exactly one @/],
    ["two@@example.org,reasoning,daily", /^bad address: .*exactly one @/],
    ["sp ace@example.org,reasoning,daily", /^bad address: .*spaces/],
    ["dot.@example.org,reasoning,daily", /^bad address: .*before the @/],
    ["x@nodomain,reasoning,daily", /^bad address: .*domain name/],
    [",reasoning,daily", /^no address$/],
    ["u1@example.org,astrology,daily", /^unknown topic "astrology"$/],
    ["u2@example.org,reasoning;knitting,weekly", /^unknown topic "knitting"$/],
    ["u3@example.org,<script>,daily", /^a topic that is not a topic's short name/],
    ["t1@example.org,,daily", /^no topic$/],
    ["t2@example.org, ; ,weekly", /^no topic$/],
    ["f1@example.org,reasoning,monthly", /^bad frequency/],
    ["f2@example.org,reasoning,hourly", /^bad frequency/],
    ["good0@example.org,reasoning,daily", /^duplicate of line 2$/],
    ["GOOD1@Example.org,reasoning,weekly", /^duplicate of line 3$/],
    ["c1@example.org", /^wrong number of columns: 1/],
    ["c2@example.org,reasoning,daily,extra", /^wrong number of columns: 4/],
    ["c3@example.org,reasoning,daily,a,b", /^wrong number of columns: 5/],
    ['"c4@example.org\nsecond line",reasoning,daily', /^a quoted field runs on to line \d+/],
    ["f3@example.org,reasoning,=cmd", /^bad frequency/],
  ];
  let good = 0;
  let line = 1;
  for (let row = 0; row < 1000; row++) {
    line++;
    // The bad rows are spread through the file, after the rows they duplicate.
    const b = row >= 10 && row % 49 === 0 ? bad.shift() : undefined;
    if (b) {
      lines.push(b[0]);
      expected.push({ line, reason: b[1] });
      line += b[0].split("\n").length - 1;
    } else {
      const topics = good % 3 === 0 ? "reasoning;quantization" : good % 3 === 1 ? "speech-audio reasoning" : "quantization";
      lines.push(`good${good}@example.org,${topics}${good % 2 ? ",weekly" : good % 5 ? ",daily" : ""}`);
      good++;
    }
  }
  expect(bad).toHaveLength(0);
  expect(good).toBe(980);
  return { text: lines.join("\r\n") + "\r\n", expected };
}

describe("the CSV import", () => {
  it("imports 980 good rows of 1,000 as pending sign-ups with a confirmation mail each, and reports the 20 bad by line", async () => {
    const deps = subscriberDeps({ ...f.deps, enqueue: enqueueTransactional });
    const { text, expected } = thousandRowFile();
    const result = await importSubscribersCsv(new TextEncoder().encode(text), OPERATOR, client, deps);
    if (!result.ok) throw new Error(result.message);
    const { report } = result;
    expect(report.rows).toBe(1000);
    expect(report.pending).toBe(980);
    expect(report.skipped).toEqual([]);
    expect(report.mailedToday).toEqual([]);
    expect(report.problems.map((p) => p.line)).toEqual(expected.map((e) => e.line));
    for (const [i, p] of report.problems.entries()) expect(p.reason, `line ${p.line}`).toMatch(expected[i]!.reason);
    // No address is echoed in the report.
    for (const address of ["no-at-sign", "two@@", "sp ace", "dot.@", "nodomain", "u1@", "t1@", "f1@", "good0@", "c1@", "c4@"]) expect(JSON.stringify(report)).not.toContain(address);
    expect(await findImportReport(f.redis, report.id)).toEqual(report);

    expect(await db().subscriber.count({ where: { status: "PENDING" } })).toBe(980);
    expect(await db().subscriber.count({ where: { status: { not: "PENDING" } } })).toBe(0);
    expect(await db().subscriber.count({ where: { confirmedAt: { not: null } } })).toBe(0);
    const weekly = await db().subscriber.findUniqueOrThrow({ where: { email: "good1@example.org" }, include: { topics: { include: { topic: true } } } });
    expect(weekly.frequency).toBe("WEEKLY");
    expect(weekly.topics.map((t) => t.topic.slug).sort()).toEqual(["reasoning", "speech-audio"]);
    expect((await db().subscriber.findUniqueOrThrow({ where: { email: "good0@example.org" } })).frequency).toBe("DAILY");
    const consent = await db().consentEvent.groupBy({ by: ["kind", "source"], _count: { _all: true } });
    expect(consent.map((c) => [c.kind, c.source, c._count._all])).toEqual([["SIGNUP", "import", 980]]);

    // Every one of them has its confirmation mail queued, by the same job id as the sign-up form's.
    const day = new Date().toISOString().slice(0, 10);
    const jobs = await queue(QUEUE.transactional).getJobs(["waiting", "prioritized", "delayed"], 0, 2000);
    const ids = await db().subscriber.findMany({ select: { id: true } });
    expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids.map((s) => jobId.transactional({ kind: "confirmation", subscriberId: s.id }, day))));
    expect(jobs.every((j) => !JSON.stringify(j.data).includes("@"))).toBe(true);
    // A sample goes out as the ordinary confirmation mail, and nobody becomes active by it.
    for (const s of ids.slice(0, 5)) expect(await sendTransactional({ kind: "confirmation", subscriberId: s.id }, { pool })).toBe("sent");
    await sink.waitFor(() => sink.mails.length === 5);
    expect(sink.mails.every((m) => m.parsed.subject === "Confirm your Paperboy subscription")).toBe(true);
    expect(await db().subscriber.count({ where: { status: "ACTIVE" } })).toBe(0);

    expect(await audit()).toEqual([
      { action: "imported subscribers", target: `import ${report.id}`, detail: "1000 rows: 980 pending (980 mails queued), 0 already subscribed, 0 unsubscribed earlier, 0 suppressed, 20 bad" },
    ]);
  });

  it("leaves active addresses alone and skips unsubscribed and suppressed ones, erased included", async () => {
    const active = await subscriber("act@example.org", "ACTIVE");
    await subscriber("gone@example.org", "UNSUBSCRIBED");
    const pending = await subscriber("pend@example.org", "PENDING", { lastConfirmationSentAt: new Date(Date.now() - 2 * 86400_000) });
    await subscriber("today@example.org", "PENDING", { lastConfirmationSentAt: new Date(Date.now() - 3600_000), confirmationId: randomUUID() });
    await suppress(db(), "bounced@example.org", "HARD_BOUNCE");
    await suppress(db(), "erased@example.org", "ERASED");
    await suppress(db(), "spam@example.org", "COMPLAINT");
    const file = ["act@example.org,quantization,weekly", "Gone@example.org,reasoning", "pend@example.org,quantization,weekly", "bounced@example.org,reasoning", "erased@example.org,reasoning", "SPAM@example.org,reasoning", "new@example.org,reasoning", "today@example.org,quantization"].join("\n");
    const result = await importSubscribersCsv(new TextEncoder().encode(file), OPERATOR, client, f.deps);
    if (!result.ok) throw new Error(result.message);
    expect(result.report.pending).toBe(3);
    expect(result.report.mailedToday).toEqual([8]);
    expect(result.report.skipped).toEqual([
      { line: 1, why: "already subscribed" },
      { line: 2, why: "unsubscribed earlier" },
      { line: 4, why: "suppressed" },
      { line: 5, why: "suppressed" },
      { line: 6, why: "suppressed" },
    ]);
    // The active subscriber's choices are untouched; the pending one's wait for its confirmation.
    const a = await db().subscriber.findUniqueOrThrow({ where: { id: active.id }, include: { topics: { include: { topic: true } } } });
    expect([a.status, a.frequency, a.topics.map((t) => t.topic.slug)]).toEqual(["ACTIVE", "DAILY", ["reasoning"]]);
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: pending.id } })).pendingFrequency).toBe("WEEKLY");
    expect((await db().subscriber.findUniqueOrThrow({ where: { email: "gone@example.org" } })).status).toBe("UNSUBSCRIBED");
    expect(await db().subscriber.count({ where: { email: { in: ["bounced@example.org", "erased@example.org", "spam@example.org"] } } })).toBe(0);
    expect(f.enqueued.map((p) => p.kind)).toEqual(["confirmation", "confirmation"]);
    expect(await db().consentEvent.count({ where: { source: "import" } })).toBe(3);
    expect((await audit())[0]!.detail).toBe("8 rows: 3 pending (2 mails queued), 1 already subscribed, 1 unsubscribed earlier, 3 suppressed, 0 bad");
  });

  it("refuses a file it cannot read as a whole, importing nothing", async () => {
    const slugs = new Set(["reasoning"]);
    const bytes = (s: string) => new TextEncoder().encode(s);
    const refused = async (b: Uint8Array) => {
      const r = await importSubscribersCsv(b, OPERATOR, client, f.deps);
      return r.ok ? "imported" : r.message;
    };
    expect(await refused(new Uint8Array([0x61, 0x40, 0x62, 0x2e, 0x6f, 0x72, 0x67, 0x2c, 0xff, 0xfe]))).toMatch(/not UTF-8/);
    expect(await refused(bytes("email,frequency,topics\na@example.org,daily,reasoning\n"))).toMatch(/header/);
    expect(await refused(bytes("\n\n"))).toMatch(/no rows/);
    expect(await refused(bytes("a@example.org,reasoning\n".repeat(MAX_IMPORT_ROWS + 1)))).toMatch(/more than/);
    expect(await refused(bytes('a@example.org,reasoning\n"b@example.org,reasoning\n'))).toMatch(/not readable as CSV/);
    expect(await db().subscriber.count()).toBe(0);
    expect(await audit()).toEqual([]);
    // A BOM, a header spelt "email", a quoted cell and old Mac line ends all read fine.
    const parsed = parseImportCsv('\uFEFFEmail,Topics\r"a@example.org",reasoning\rb@example.org,"reasoning"\r', slugs);
    expect(parsed.ok && parsed.rows.map((r) => [r.line, r.key])).toEqual([[2, "a@example.org"], [3, "b@example.org"]]);
  });
});

describe("the CSV export", () => {
  it("quotes every cell and defuses cells a spreadsheet would run as a formula", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    for (const f of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(f)).toBe(`"'${f}"`);
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("answers the active subscribers only, as an attachment, and audits the download", async () => {
    await subscriber("=cmd|calc@example.org", "ACTIVE");
    await subscriber("-dash@example.org", "ACTIVE", { frequency: "WEEKLY", emailAsTyped: "-Dash@example.org" });
    await subscriber("plain@example.org", "ACTIVE");
    await subscriber("pending@example.org", "PENDING");
    await subscriber("left@example.org", "UNSUBSCRIBED");
    const res = await exportActiveSubscribers(db(), OPERATOR, client, new Date("2026-12-03T10:00:00Z"));
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="paperboy-active-subscribers-2026-12-03.csv"');
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    const rows = parse(text) as string[][];
    expect(rows[0]).toEqual(["address", "topics", "frequency", "confirmed_at"]);
    expect(rows.slice(1).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ["'-Dash@example.org", "reasoning", "weekly", "2026-11-01T08:00:00.000Z"],
      ["'=cmd|calc@example.org", "reasoning", "daily", "2026-11-01T08:00:00.000Z"],
      ["plain@example.org", "reasoning", "daily", "2026-11-01T08:00:00.000Z"],
    ]);
    expect(text.split("\r\n").filter(Boolean).every((l) => /^"[^]*"$/.test(l))).toBe(true);
    expect(await audit()).toEqual([{ action: "exported active subscribers", target: null, detail: "3 active subscribers" }]);
  });

  it("pages through a list longer than one read", async () => {
    await db().subscriber.createMany({ data: Array.from({ length: 2345 }, (_, i) => ({ email: `r${i}@example.org`, status: "ACTIVE" as const, confirmedAt: new Date() })) });
    let n = 0;
    for await (const _ of activeSubscriberLines(db())) n++;
    expect(n).toBe(2346);
  });
});

describe("suppressions", () => {
  it("counts by reason, finds an address by its hash, and lifts one only with a reason, changing nothing else", async () => {
    const bounced = await subscriber("bounce@example.org", "UNSUBSCRIBED", { hardBounceCount: 1 });
    await suppress(db(), "bounce@example.org", "HARD_BOUNCE");
    await suppress(db(), "erased@example.org", "ERASED");
    await suppress(db(), "c1@example.org", "COMPLAINT");
    await suppress(db(), "c2@example.org", "COMPLAINT");
    expect(await suppressionCounts(db())).toEqual([
      { reason: "HARD_BOUNCE", count: 1 },
      { reason: "SOFT_BOUNCE", count: 0 },
      { reason: "COMPLAINT", count: 2 },
      { reason: "ERASED", count: 1 },
    ]);
    const found = await lookUpSuppression(db(), "Bounce@Example.org", OPERATOR, client);
    expect(found).toEqual({ found: true, hash: emailHash("bounce@example.org") });
    expect(await lookUpSuppression(db(), "nobody@example.org", OPERATOR, client)).toEqual({ found: false, why: "not-found" });
    expect(await lookUpSuppression(db(), "bounce@", OPERATOR, client)).toEqual({ found: false, why: "invalid" });
    const hash = emailHash("bounce@example.org");
    expect(await findSuppression(db(), hash)).toMatchObject({ reason: "HARD_BOUNCE" });

    expect(await liftSuppression(db(), hash, "   ", OPERATOR, client)).toBe("reason-missing");
    expect(await liftSuppression(db(), hash, "fixed\nforged audit line", OPERATOR, client)).toBe("reason-invalid");
    expect(await findSuppression(db(), hash)).not.toBeNull();
    expect(await liftSuppression(db(), hash, "The person wrote in: the mailbox works again", OPERATOR, client)).toBe("lifted");
    expect(await findSuppression(db(), hash)).toBeNull();
    expect(await liftSuppression(db(), hash, "again", OPERATOR, client)).toBe("not-found");
    // Nothing else: the subscriber row is as it was, nothing is queued, and the other entries stay.
    const after = await db().subscriber.findUniqueOrThrow({ where: { id: bounced.id } });
    expect([after.status, after.hardBounceCount]).toEqual(["UNSUBSCRIBED", 1]);
    expect(f.enqueued).toEqual([]);
    expect(await db().suppression.count()).toBe(3);
    // An erasure's entry: the row goes, no subscriber comes back.
    expect(await liftSuppression(db(), emailHash("erased@example.org"), "Erased by mistake", OPERATOR, client)).toBe("lifted");
    expect(await db().subscriber.count()).toBe(1);

    expect(await audit()).toEqual([
      { action: "looked up suppression", target: `suppression ${hash}`, detail: null },
      { action: "looked up suppression", target: null, detail: "not found" },
      { action: "lifted suppression", target: `suppression ${hash}`, detail: "was hard bounce; reason: The person wrote in: the mailbox works again" },
      { action: "lifted suppression", target: `suppression ${hash}`, detail: "no change: not found; reason given: again" },
      { action: "lifted suppression", target: `suppression ${emailHash("erased@example.org")}`, detail: "was erased; reason: Erased by mistake" },
    ]);
  });
});
