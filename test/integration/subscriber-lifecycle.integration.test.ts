// After signing up: the confirmation mail (from the loopback SMTP server), confirming, the welcome mail with its list
// headers, preferences, pause, unsubscribe and back, export, erasure, and the append-only consent log.
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signup } from "@/lib/subscribers/signup";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { setPause, updatePreferences } from "@/lib/subscribers/preferences";
import { resubscribe, unsubscribe } from "@/lib/subscribers/unsubscribe";
import { exportSubscriberData } from "@/lib/subscribers/export-data";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import { emailHash } from "@/lib/subscribers/email-hash";
import { sendTransactional } from "@/lib/subscribers/mail/send-transactional";
import { SmtpPool } from "@/lib/mail/smtp-pool";
import { verifyToken } from "@/lib/tokens/tokens";
import { closeTestDb } from "../helpers/db";
import { smtpError, startSmtpSink, type ReceivedMail, type SmtpSink } from "../helpers/smtp-sink";
import { closeFixtureRedis, confirmationToken, freshFixture, person, signupForm, type Fixture } from "../helpers/subscriber-fixtures";

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
  sink.setDataPolicy(undefined);
});
afterAll(async () => {
  pool.close();
  await sink.close();
  closeFixtureRedis();
  await closeTestDb();
});

const send = (kind: "confirmation" | "welcome", subscriberId: string) => sendTransactional({ kind, subscriberId }, { pool });

/** Signs up, delivers the confirmation mail through SMTP and returns it with the subscriber id. */
async function signedUp(email = "ada@example.org", topics = ["reasoning", "vision"]): Promise<{ id: string; mail: ReceivedMail }> {
  await signup(signupForm({ email, topics }), { ...person, userAgent: "Evil <b>UA</b> ada-secret-note" }, { responseFloorMs: 0 }, f.deps);
  const job = f.enqueued.find((p) => p.kind === "confirmation")!;
  expect(await send("confirmation", job.subscriberId)).toBe("sent");
  await sink.waitFor(() => sink.mailsTo(email).length > 0);
  return { id: job.subscriberId, mail: sink.mailsTo(email).at(-1)! };
}

function linkIn(text: string, path: string): string {
  const m = text.match(new RegExp(`https?://[^\\s<>"]+/${path}/[A-Za-z0-9_.-]+`));
  if (!m) throw new Error(`no /${path}/ link in mail`);
  return m[0];
}

const events = async (id: string) =>
  (await f.deps.db.consentEvent.findMany({ where: { subscriberId: id }, orderBy: { id: "asc" } })).map((e) => e.kind);

describe("confirmation and welcome mails", () => {
  it("sends a confirmation mail in HTML and text with a working link and nothing the visitor typed", async () => {
    const { id, mail } = await signedUp();
    const p = mail.parsed;
    expect(p.subject).toBe("Confirm your Paperboy subscription");
    expect(p.from?.text).toContain("digest@paperboy.test");
    expect(p.html).toBeTruthy();
    expect(p.text).toBeTruthy();
    const link = linkIn(p.text!, "confirm");
    expect(p.html).toContain(link);
    expect(link.startsWith(`${process.env.APP_URL}/confirm/`)).toBe(true);
    const { confirmationId } = await f.deps.db.subscriber.findUniqueOrThrow({ where: { id }, select: { confirmationId: true } });
    expect(verifyToken(link.split("/").at(-1), "confirm")?.subscriberId).toBe(confirmationId);
    // No visitor text: not the address's local part, not the user agent, not the topics.
    for (const visitorText of ["ada@", "Evil", "secret-note", "reasoning", "Reasoning"]) {
      expect(p.text).not.toContain(visitorText);
      expect(p.html).not.toContain(visitorText);
    }
    // Not a list mail yet: no unsubscribe headers before confirmation.
    expect(p.headers.has("list-unsubscribe")).toBe(false);
    expect(p.text).toContain("Paperboy, 1 Test Street");
  });

  it("activates on confirmation once, logs the confirming IP, and sends a welcome mail with one-click list headers", async () => {
    const { id } = await signedUp();
    const confirmToken = await confirmationToken(f.deps.db, id);
    expect(await confirmSubscription(confirmToken, { ip: "198.51.100.23", userAgent: "Confirmer" }, f.deps)).toEqual({ state: "activated", subscriberId: id });
    expect(await confirmSubscription(confirmToken, { ip: "198.51.100.23", userAgent: "Confirmer" }, f.deps)).toEqual({ state: "used" });
    const s = await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } });
    expect(s.status).toBe("ACTIVE");
    expect(s.confirmedAt).not.toBeNull();
    const confirm = await f.deps.db.consentEvent.findFirstOrThrow({ where: { subscriberId: id, kind: "CONFIRM" } });
    expect(confirm).toMatchObject({ ip: "198.51.100.23", userAgent: "Confirmer", source: "confirm-page", topics: ["reasoning", "vision"] });
    expect(await events(id)).toEqual(["SIGNUP", "CONFIRM"]);
    expect(f.enqueued.filter((p) => p.kind === "welcome")).toEqual([{ kind: "welcome", subscriberId: id }]);

    expect(await send("welcome", id)).toBe("sent");
    await sink.waitFor(() => sink.mails.some((m) => m.parsed.subject === "Welcome to Paperboy"));
    const welcome = sink.mails.find((m) => m.parsed.subject === "Welcome to Paperboy")!;
    // The header block as a receiving server reads it (folded lines unfolded, RFC 5322 2.2.3).
    const headerBlock = welcome.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
    const rawHeader = headerBlock.match(/^List-Unsubscribe: (.+)$/im)?.[1]?.trim();
    expect(rawHeader).toMatch(new RegExp(`^<${process.env.APP_URL}/unsubscribe/[A-Za-z0-9_.-]+>$`));
    expect(headerBlock).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);
    expect(headerBlock).toMatch(/^List-Id: Paperboy <paperboy\.local>\r?$/im);
    const token = rawHeader!.slice(1, -1).split("/").at(-1);
    expect(verifyToken(token, "unsubscribe")?.subscriberId).toBe(id);
    const manage = linkIn(welcome.parsed.text!, "manage");
    expect(verifyToken(manage.split("/").at(-1), "manage")?.subscriberId).toBe(id);
    expect(welcome.parsed.html).toContain(manage);
    expect(welcome.parsed.text).toContain("Reasoning");
  });

  it("checks the state again at send time: no confirmation to the active, no welcome to the pending, nothing to the suppressed", async () => {
    const { id } = await signedUp();
    expect(await send("welcome", id)).toBe("skipped-state");
    await confirmSubscription(await confirmationToken(f.deps.db, id), person, f.deps);
    expect(await send("confirmation", id)).toBe("skipped-state");
    await f.deps.db.suppression.create({ data: { emailHash: emailHash("ada@example.org"), reason: "HARD_BOUNCE" } });
    expect(await send("welcome", id)).toBe("skipped-suppressed");
    expect(await send("welcome", "00000000-0000-4000-8000-000000000000")).toBe("skipped-missing");
    expect(sink.mails).toHaveLength(1);
  });

  it("sends each mail once: a replayed job or two runs of the same job at once send nothing more", async () => {
    const { id } = await signedUp();
    // The confirmation job replayed (a worker killed after the server's 250, before BullMQ heard of it).
    expect(await send("confirmation", id)).toBe("skipped-already-sent");
    await confirmSubscription(await confirmationToken(f.deps.db, id), person, f.deps);
    const both = await Promise.all([send("welcome", id), send("welcome", id)]);
    expect(both.filter((r) => r === "sent")).toHaveLength(1);
    expect(both.filter((r) => r !== "sent")[0]).toMatch(/^skipped-(in-progress|already-sent)$/);
    expect(await send("welcome", id)).toBe("skipped-already-sent");
    await sink.waitFor(() => sink.mails.length >= 2);
    expect(sink.mails.map((m) => m.parsed.subject).sort()).toEqual(["Confirm your Paperboy subscription", "Welcome to Paperboy"]);
    // Each record holds the Message-ID the mail carried.
    const rows = await f.deps.db.transactionalMail.findMany({ where: { subscriberId: id }, orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.kind, r.status])).toEqual([["CONFIRMATION", "SENT"], ["WELCOME", "SENT"]]);
    expect(sink.mails.map((m) => m.parsed.messageId).sort()).toEqual(rows.map((r) => r.messageId).sort());
  });

  it("a mail whose reply never came is recorded UNKNOWN and not sent again", async () => {
    const { id } = await signedUp();
    await confirmSubscription(await confirmationToken(f.deps.db, id), person, f.deps);
    const slow = await startSmtpSink({ countOnly: true });
    slow.setHoldMs(3_000);
    const impatient = new SmtpPool({ url: slow.url, size: 1, socketTimeoutMs: 300 });
    try {
      expect(await sendTransactional({ kind: "welcome", subscriberId: id }, { pool: impatient })).toBe("unknown");
      expect(await f.deps.db.transactionalMail.findFirstOrThrow({ where: { subscriberId: id, kind: "WELCOME" } })).toMatchObject({ status: "UNKNOWN" });
      // The job's retry, against a server that answers at once: nothing goes out again.
      slow.setHoldMs(0);
      expect(await sendTransactional({ kind: "welcome", subscriberId: id }, { pool: impatient })).toBe("skipped-already-sent");
      expect(slow.acceptedTotal()).toBe(1);
    } finally {
      impatient.close();
      await slow.close();
    }
  });

  it("retries a temporary SMTP failure and gives up on a permanent one", async () => {
    await signup(signupForm(), person, { responseFloorMs: 0 }, f.deps);
    const id = f.enqueued[0]!.subscriberId;
    sink.setDataPolicy(() => smtpError(451, "try again later"));
    const temporary = await send("confirmation", id).catch((e: unknown) => e);
    expect(temporary).toBeInstanceOf(Error);
    expect(temporary).not.toBeInstanceOf(UnrecoverableError);
    sink.setDataPolicy(() => smtpError(550, "no such user"));
    await expect(send("confirmation", id)).rejects.toBeInstanceOf(UnrecoverableError);
    sink.setDataPolicy(undefined);
    expect(await send("confirmation", id)).toBe("sent");
  });
});

describe("preferences", () => {
  async function active() {
    const { id } = await signedUp();
    await confirmSubscription(await confirmationToken(f.deps.db, id), person, f.deps);
    return id;
  }

  it("changes topics and frequency, logging each change once", async () => {
    const id = await active();
    expect(await updatePreferences(id, { topics: ["speech-audio", "vision"], frequency: "weekly" }, person, f.deps)).toEqual({ ok: true, changed: true });
    expect(await updatePreferences(id, { topics: ["vision", "speech-audio"], frequency: "weekly" }, person, f.deps)).toEqual({ ok: true, changed: false });
    const s = await f.deps.db.subscriber.findUniqueOrThrow({ where: { id }, include: { topics: { include: { topic: true } } } });
    expect(s.frequency).toBe("WEEKLY");
    expect(s.topics.map((t) => t.topic.slug).sort()).toEqual(["speech-audio", "vision"]);
    expect(await events(id)).toEqual(["SIGNUP", "CONFIRM", "TOPICS_CHANGED", "FREQUENCY_CHANGED"]);
    const change = await f.deps.db.consentEvent.findFirstOrThrow({ where: { subscriberId: id, kind: "TOPICS_CHANGED" } });
    expect(change.detail).toBe("topics reasoning, vision -> speech-audio, vision");
  });

  it("refuses bad preference input on every field and changes nothing", async () => {
    const id = await active();
    const bad: [unknown, unknown, string][] = [
      [[], "daily", "topics"],
      [["no-such-topic"], "daily", "topics"],
      [["vision\r\n"], "daily", "topics"],
      [["vision"], "monthly", "frequency"],
      [["vision"], "daily\u0000", "frequency"],
    ];
    for (const [topics, frequency, code] of bad) {
      expect(await updatePreferences(id, { topics, frequency }, person, f.deps)).toMatchObject({ ok: false, code });
    }
    for (const until of ["2020-01-01", "tomorrow", "2026-13-01", "2099-01-01", "2026-12-01\r\n"]) {
      expect(await setPause(id, until, person, f.deps)).toMatchObject({ ok: false, code: "pause-date" });
    }
    expect(await events(id)).toEqual(["SIGNUP", "CONFIRM"]);
    expect((await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } })).pausedUntil).toBeNull();
  });

  it("pauses until a date and resumes", async () => {
    const id = await active();
    const until = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    expect(await setPause(id, until, person, f.deps)).toEqual({ ok: true, changed: true });
    expect((await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } })).pausedUntil?.toISOString().slice(0, 10)).toBe(until);
    expect(await setPause(id, null, person, f.deps)).toEqual({ ok: true, changed: true });
    expect((await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } })).pausedUntil).toBeNull();
    const details = (await f.deps.db.consentEvent.findMany({ where: { subscriberId: id, kind: "PAUSED" }, orderBy: { id: "asc" } })).map((e) => e.detail);
    expect(details).toEqual([`paused until ${until}`, "resumed"]);
  });

  it("unsubscribes idempotently and comes back without a new confirmation", async () => {
    const id = await active();
    expect(await unsubscribe(id, { ...person, source: "one-click" }, f.deps)).toBe("unsubscribed");
    expect(await unsubscribe(id, { ...person, source: "one-click" }, f.deps)).toBe("already-unsubscribed");
    const s = await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } });
    expect(s.status).toBe("UNSUBSCRIBED");
    expect(s.unsubscribedAt).not.toBeNull();
    expect(await resubscribe(id, person, f.deps)).toBe("resubscribed");
    expect(await resubscribe(id, person, f.deps)).toBe("already-active");
    expect(await events(id)).toEqual(["SIGNUP", "CONFIRM", "UNSUBSCRIBE", "RESUBSCRIBE"]);
    expect(await unsubscribe("00000000-0000-4000-8000-000000000000", { source: "one-click" }, f.deps)).toBe("not-found");
  });

  it("does not let a never-confirmed sign-up in through resubscribe", async () => {
    const { id } = await signedUp();
    await unsubscribe(id, { source: "manage-page" }, f.deps);
    expect(await resubscribe(id, person, f.deps)).toBe("needs-confirmation");
    expect((await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } })).status).toBe("UNSUBSCRIBED");
  });

  it("lets an unsubscribed reader sign up again through the confirmation mail", async () => {
    const id = await active();
    await unsubscribe(id, { source: "manage-page" }, f.deps);
    await f.deps.db.subscriber.update({ where: { id }, data: { lastConfirmationSentAt: null } });
    await f.redis.del(...(await f.redis.keys(`${process.env.REDIS_PREFIX}:rl:confirm-mail:*`)));
    f.enqueued.length = 0;
    await signup(signupForm({ topics: ["robotics-agents"] }), person, { responseFloorMs: 0 }, f.deps);
    expect(f.enqueued).toEqual([{ kind: "confirmation", subscriberId: id }]);
    expect(await confirmSubscription(await confirmationToken(f.deps.db, id), person, f.deps)).toMatchObject({ state: "activated" });
    expect((await f.deps.db.subscriber.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
  });
});

describe("personal data", () => {
  it("exports profile, topics, the consent log and the delivery history as JSON", async () => {
    const { id } = await signedUp();
    await confirmSubscription(await confirmationToken(f.deps.db, id), { ip: "198.51.100.23" }, f.deps);
    const edition = await f.deps.db.edition.create({ data: { date: new Date("2026-11-27"), frequency: "DAILY", status: "DONE" } });
    await f.deps.db.paper.create({ data: { id: "2511.00001", title: "A paper", summary: "s", source: "file" } });
    await f.deps.db.delivery.create({
      data: { editionId: edition.id, subscriberId: id, status: "SENT", paperIds: ["2511.00001"], messageId: "<m1@paperboy>", sentAt: new Date("2026-11-27T07:00:03Z") },
    });
    const data = await exportSubscriberData(id, f.deps);
    expect(data).not.toBeNull();
    const json = JSON.parse(JSON.stringify(data)) as NonNullable<typeof data>;
    expect(json.profile).toMatchObject({ email: "ada@example.org", status: "active", frequency: "daily" });
    expect(json.topics.map((t) => t.slug)).toEqual(["reasoning", "vision"]);
    expect(json.consent.events.map((e) => e.kind)).toEqual(["signup", "confirm"]);
    expect(json.consent.events[1]).toMatchObject({ ip: "198.51.100.23", source: "confirm-page" });
    expect(json.consent.currentConsentText).toMatch(/By subscribing/);
    expect(json.deliveries).toEqual([
      { editionDate: "2026-11-27", frequency: "daily", status: "sent", sentAt: "2026-11-27T07:00:03.000Z", messageId: "<m1@paperboy>", paperIds: ["2511.00001"] },
    ]);
    // The confirmation mail signedUp() sent, with the Message-ID it carried.
    expect(json.mails).toEqual([{ kind: "confirmation", status: "sent", sentAt: expect.any(String), messageId: expect.stringMatching(/^<.+@.+>$/) }]);
  });

  it("erases everything but a hash that keeps the address from ever being mailed again", async () => {
    const { id } = await signedUp();
    await confirmSubscription(await confirmationToken(f.deps.db, id), person, f.deps);
    const edition = await f.deps.db.edition.create({ data: { date: new Date("2026-11-27"), frequency: "DAILY" } });
    await f.deps.db.delivery.create({ data: { editionId: edition.id, subscriberId: id } });

    expect(await eraseSubscriber(id, f.deps)).toBe(true);
    expect(await eraseSubscriber(id, f.deps)).toBe(false);
    const db = f.deps.db;
    expect(await db.subscriber.count()).toBe(0);
    expect(await db.subscriberTopic.count()).toBe(0);
    expect(await db.consentEvent.count()).toBe(0);
    expect(await db.delivery.count()).toBe(0);
    expect(await db.transactionalMail.count()).toBe(0);
    const suppressed = await db.suppression.findMany();
    expect(suppressed).toEqual([{ emailHash: emailHash("ada@example.org"), reason: "ERASED", createdAt: expect.any(Date) }]);
    // Nothing in the database still holds the address in clear.
    const dump = await db.$queryRawUnsafe<{ hit: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM "Subscriber" WHERE email ILIKE '%ada@%') OR EXISTS (SELECT 1 FROM "ConsentEvent" WHERE email ILIKE '%ada@%') AS hit`,
    );
    expect(dump[0]!.hit).toBe(false);

    // Signing up again is the person asking: a new pending row and a confirmation mail, the suppression still in
    // place until that sign-up is confirmed.
    f.enqueued.length = 0;
    expect(await signup(signupForm(), person, { responseFloorMs: 0 }, f.deps)).toEqual({ status: "accepted" });
    expect(await db.subscriber.findMany({ select: { status: true } })).toEqual([{ status: "PENDING" }]);
    expect(f.enqueued.map((p) => p.kind)).toEqual(["confirmation"]);
    expect(await db.suppression.count()).toBe(1);
  });

  it("keeps the consent log append-only: the database refuses to rewrite a row", async () => {
    const { id } = await signedUp();
    await expect(f.deps.db.consentEvent.updateMany({ where: { subscriberId: id }, data: { ip: "0.0.0.0" } })).rejects.toThrow(/append-only/);
    await expect(f.deps.db.$executeRawUnsafe(`UPDATE "ConsentEvent" SET "email" = 'x@example.org'`)).rejects.toThrow(/append-only/);
    expect((await f.deps.db.consentEvent.findFirstOrThrow({ where: { subscriberId: id } })).ip).toBe(person.ip);
  });
});
