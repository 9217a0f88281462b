// Sign-up abuse on the real PostgreSQL, Redis and a loopback SMTP server: one inbox bombed through letter cases,
// an old confirmation link replayed after an unsubscribe, a stranger rewriting someone's choices, and the person
// who erased their data signing up again. Confirmation links are taken from the delivered mail and used through the
// /confirm route handler, as a browser would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as confirmPage, POST as confirmPress } from "@/app/confirm/[token]/route";
import { sendTransactional } from "@/lib/subscribers/mail/send-transactional";
import { SmtpPool } from "@/lib/mail/smtp-pool";
import { signup, type SignupOutcome } from "@/lib/subscribers/signup";
import { emailHash } from "@/lib/subscribers/email-hash";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import { resubscribe, unsubscribe } from "@/lib/subscribers/unsubscribe";
import { closeTestDb } from "../helpers/db";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { closeFixtureRedis, freshFixture, person, signupForm, type Fixture } from "../helpers/subscriber-fixtures";

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
  closeFixtureRedis();
  await closeTestDb();
});

async function signUp(email: string, topics = ["reasoning"], frequency = "daily", ip = person.ip): Promise<SignupOutcome | undefined> {
  let outcome: SignupOutcome | undefined;
  await signup(signupForm({ email, topics, frequency }), { ...person, ip }, { responseFloorMs: 0, onOutcome: (o) => void (outcome = o) }, f.deps);
  return outcome;
}

/** Delivers every queued confirmation mail through SMTP; returns the confirmation link of the last one to `email`. */
async function deliverConfirmation(email: string): Promise<string> {
  const before = sink.mailsTo(email).length;
  for (const job of f.enqueued.splice(0).filter((p) => p.kind === "confirmation")) await sendTransactional(job, { pool });
  await sink.waitFor(() => sink.mailsTo(email).length > before);
  const m = sink.mailsTo(email).at(-1)!.parsed.text!.match(/https?:\/\/[^\s<>"]+\/confirm\/([A-Za-z0-9_.-]+)/);
  if (!m) throw new Error("no confirmation link in the mail");
  return m[1]!;
}

/** As if the last confirmation mail went out yesterday: the day's slot, guard and mail record are free again. */
async function aDayLater(id: string): Promise<void> {
  await f.deps.db.subscriber.update({ where: { id }, data: { lastConfirmationSentAt: new Date(Date.now() - 25 * 3600_000) } });
  await f.deps.db.transactionalMail.deleteMany({ where: { subscriberId: id } });
  await f.redis.del(...(await f.redis.keys(`${process.env.REDIS_PREFIX}:rl:confirm-mail:*`)));
}

const params = (token: string) => ({ params: Promise.resolve({ token }) });
async function press(token: string): Promise<{ status: number; body: string }> {
  const res = await confirmPress(new Request(`${process.env.APP_URL}/confirm/${token}`, { method: "POST", headers: { "x-forwarded-for": "198.51.100.9" } }), params(token));
  return { status: res.status, body: await res.text() };
}
async function open(token: string): Promise<{ status: number; body: string }> {
  const res = await confirmPage(new Request(`${process.env.APP_URL}/confirm/${token}`), params(token));
  return { status: res.status, body: await res.text() };
}

const row = (email: string) =>
  f.deps.db.subscriber.findFirst({ where: { email }, select: { id: true, status: true, frequency: true, topics: { select: { topic: { select: { slug: true } } } } } });
const slugs = (r: Awaited<ReturnType<typeof row>>) => r!.topics.map((t) => t.topic.slug).sort();
const kinds = async (id: string) => (await f.deps.db.consentEvent.findMany({ where: { subscriberId: id }, orderBy: { id: "asc" } })).map((e) => e.kind);

describe("one canonical key per address", () => {
  it("keeps one subscriber and sends one confirmation mail for one address spelt in twenty letter cases from twenty networks", async () => {
    const spellings = Array.from({ length: 20 }, (_, i) => [..."adalovelace"].map((c, j) => ((i >> j % 5) & 1 ? c.toUpperCase() : c)).join("") + "@example.org");
    spellings[19] = "ＡＤＡＬＯＶＥＬＡＣＥ@example.org"; // full-width letters: the same address after NFKC
    expect(new Set(spellings).size).toBe(20);
    for (const [i, email] of spellings.entries()) await signUp(email, ["reasoning"], "daily", `198.51.100.${i + 1}`);
    const rows = await f.deps.db.subscriber.findMany({ select: { email: true, emailAsTyped: true } });
    expect(rows).toEqual([{ email: "adalovelace@example.org", emailAsTyped: null }]);
    expect(f.enqueued.filter((p) => p.kind === "confirmation")).toHaveLength(1);
    await deliverConfirmation("adalovelace@example.org");
    expect(sink.mails).toHaveLength(1);
  });

  it("shows the spelling typed and blocks a bounced address in any letter case", async () => {
    await signUp("Ada.Lovelace@Example.org");
    expect(await f.deps.db.subscriber.findMany({ select: { email: true, emailAsTyped: true } })).toEqual([{ email: "ada.lovelace@example.org", emailAsTyped: "Ada.Lovelace@example.org" }]);
    await f.deps.db.suppression.create({ data: { emailHash: emailHash("bounced@example.org"), reason: "HARD_BOUNCE" } });
    expect(await signUp("BOUNCED@example.org")).toBe("dropped-suppressed");
    expect(await row("bounced@example.org")).toBeNull();
  });
});

describe("confirmation links", () => {
  it("cannot undo an unsubscribe: a used link shows a page that says so and offers to subscribe again", async () => {
    await signUp("ada@example.org");
    const original = await deliverConfirmation("ada@example.org");
    expect((await press(original)).body).toContain("You are subscribed");
    const { id } = (await row("ada@example.org"))!;
    await unsubscribe(id, { ...person, source: "one-click" }, f.deps);

    for (const answer of [await press(original), await open(original)]) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("This confirmation link has been used");
      expect(answer.body).toContain('<a href="/">Subscribe again</a>');
      expect(answer.body).not.toContain("/manage/");
    }
    expect((await row("ada@example.org"))!.status).toBe("UNSUBSCRIBED");
    expect(await kinds(id)).toEqual(["SIGNUP", "CONFIRM", "UNSUBSCRIBE"]);
    expect(f.enqueued.filter((p) => p.kind === "welcome")).toHaveLength(0);
  });

  it("confirms a fresh sign-up after an unsubscribe once, while the older link stays used", async () => {
    await signUp("ada@example.org");
    const first = await deliverConfirmation("ada@example.org");
    await press(first);
    const { id } = (await row("ada@example.org"))!;
    await unsubscribe(id, { ...person, source: "manage-page" }, f.deps);
    // A day later the person signs up again and gets a new link.
    await aDayLater(id);
    await signUp("ada@example.org");
    const second = await deliverConfirmation("ada@example.org");
    expect(second).not.toBe(first);
    expect((await press(first)).body).toContain("This confirmation link has been used");
    expect((await open(second)).body).toContain("Confirm my subscription");
    expect((await press(second)).body).toContain("You are subscribed");
    expect((await press(second)).body).toContain("This confirmation link has been used");
    expect(await kinds(id)).toEqual(["SIGNUP", "CONFIRM", "UNSUBSCRIBE", "SIGNUP", "CONFIRM"]);
  });
});

describe("a sign-up for an address that has a row", () => {
  it("keeps its choices pending until that sign-up is confirmed: a stranger cannot rewrite an unsubscribed reader's choices", async () => {
    await signUp("ada@example.org", ["reasoning"], "daily");
    await press(await deliverConfirmation("ada@example.org"));
    const { id } = (await row("ada@example.org"))!;
    await unsubscribe(id, { ...person, source: "manage-page" }, f.deps);

    // A stranger who knows the address signs it up for other topics, weekly.
    await aDayLater(id);
    expect(await signUp("ada@example.org", ["vision", "robotics-agents"], "weekly", "192.0.2.66")).toBe("updated-unsubscribed");
    let r = await row("ada@example.org");
    expect([r!.status, r!.frequency, slugs(r)]).toEqual(["UNSUBSCRIBED", "DAILY", ["reasoning"]]);

    // The owner comes back from the preferences page: with their own choices.
    expect(await resubscribe(id, person, f.deps)).toBe("resubscribed");
    r = await row("ada@example.org");
    expect([r!.status, r!.frequency, slugs(r)]).toEqual(["ACTIVE", "DAILY", ["reasoning"]]);
  });

  it("applies the pending choices when the owner confirms that sign-up from the inbox", async () => {
    await signUp("ada@example.org", ["reasoning"], "daily");
    await press(await deliverConfirmation("ada@example.org"));
    const { id } = (await row("ada@example.org"))!;
    await unsubscribe(id, { ...person, source: "manage-page" }, f.deps);
    await aDayLater(id);
    await signUp("ada@example.org", ["vision", "robotics-agents"], "weekly");
    const link = await deliverConfirmation("ada@example.org");
    expect((await row("ada@example.org"))!.frequency).toBe("DAILY");
    expect((await press(link)).body).toContain("You are subscribed");
    const r = await row("ada@example.org");
    expect([r!.status, r!.frequency, slugs(r)]).toEqual(["ACTIVE", "WEEKLY", ["robotics-agents", "vision"]]);
    const confirm = await f.deps.db.consentEvent.findFirstOrThrow({ where: { subscriberId: id, kind: "CONFIRM" }, orderBy: { id: "desc" } });
    expect(confirm.topics).toEqual(["robotics-agents", "vision"]);
  });
});

describe("signing up again after erasure", () => {
  it("sends the double opt-in mail the same day, and confirming lifts the erasure's suppression with a consent entry", async () => {
    await signUp("Ada@example.org");
    await press(await deliverConfirmation("ada@example.org"));
    const first = (await row("ada@example.org"))!;
    expect(await eraseSubscriber(first.id, f.deps)).toBe(true);
    expect(await f.deps.db.suppression.findMany({ select: { reason: true } })).toEqual([{ reason: "ERASED" }]);

    // The same day, in another letter case: the mail still arrives (the day's slot went with the erasure).
    expect(await signUp("ADA@example.org", ["vision"])).toBe("created");
    const link = await deliverConfirmation("ada@example.org");
    expect(sink.mailsTo("ada@example.org")).toHaveLength(2);
    expect((await press(link)).body).toContain("You are subscribed");
    const again = (await row("ada@example.org"))!;
    expect(again.status).toBe("ACTIVE");
    expect(await f.deps.db.suppression.count()).toBe(0);
    expect(await kinds(again.id)).toEqual(["SIGNUP", "CONFIRM", "SUPPRESSION_LIFTED"]);
  });

  it("stays silent for hard-bounced and complained addresses: no row, no mail", async () => {
    await f.deps.db.suppression.create({ data: { emailHash: emailHash("bounce@example.org"), reason: "HARD_BOUNCE" } });
    await f.deps.db.suppression.create({ data: { emailHash: emailHash("complaint@example.org"), reason: "COMPLAINT" } });
    expect(await signUp("bounce@example.org")).toBe("dropped-suppressed");
    expect(await signUp("Complaint@example.org")).toBe("dropped-suppressed");
    expect(await f.deps.db.subscriber.count()).toBe(0);
    expect(f.enqueued).toHaveLength(0);
  });
});

describe("the form stamp and the minimum fill time", () => {
  it("answers a too-fast submission with the form again, storing and sending nothing, whether the address exists or not", async () => {
    await signUp("known@example.org");
    f.enqueued.length = 0;
    const answers = [];
    for (const email of ["known@example.org", "stranger@example.org"]) {
      const form = signupForm({ email }, Date.now()); // rendered just now: an autofilling browser and a quick press
      answers.push(await signup(form, person, { responseFloorMs: 0, minFillMs: 1500 }, f.deps));
    }
    expect(answers).toEqual([
      { status: "retry", message: expect.stringMatching(/press Subscribe once more/) },
      { status: "retry", message: expect.stringMatching(/press Subscribe once more/) },
    ]);
    expect(await f.deps.db.subscriber.findMany({ select: { email: true } })).toEqual([{ email: "known@example.org" }]);
    expect(await f.deps.db.consentEvent.count()).toBe(1);
    expect(f.enqueued).toHaveLength(0);
    // The honeypot stays silent.
    expect(await signup(signupForm({ email: "bot@example.org", honeypot: "http://spam.test" }), person, { responseFloorMs: 0 }, f.deps)).toEqual({ status: "accepted" });
    expect(await row("bot@example.org")).toBeNull();
  });

  it("lets one stamp serve one sign-up only; a replay is asked to submit again", async () => {
    const stamp = signupForm().stamp; // rendered ten seconds ago: old enough
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await signup(signupForm({ email: `p${i}@example.org`, stamp }), { ...person, ip: `198.51.100.${i + 1}` }, { responseFloorMs: 0 }, f.deps)).status);
    }
    expect(statuses).toEqual(["accepted", "retry", "retry", "retry", "retry"]);
    expect(await f.deps.db.subscriber.count()).toBe(1);
    expect(f.enqueued).toHaveLength(1);
    // Its key lives under this deployment's Redis prefix, with an expiry of its own.
    const keys = await f.redis.keys(`${process.env.REDIS_PREFIX}:form-stamp:*`);
    expect(keys).toHaveLength(1);
    const ttl = await f.redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
  });
});

describe("the per-IP limit", () => {
  const many = async (ips: string[]) => {
    const statuses: string[] = [];
    for (const [i, ip] of ips.entries()) statuses.push((await signup(signupForm({ email: `n${i}-${ip.replace(/[^0-9a-f]/g, "")}@example.org` }), { ...person, ip }, { responseFloorMs: 0 }, f.deps)).status);
    return statuses;
  };

  it("counts IPv6 clients per /64", async () => {
    const statuses = await many(Array.from({ length: 50 }, (_, i) => `2001:db8:1:2:${((i * 7919) % 65536).toString(16)}:0:${i.toString(16)}:1`));
    expect(statuses.filter((s) => s === "accepted")).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === "rate-limited")).toBe(true);
    // The next /64 is someone else.
    expect(await many(["2001:db8:1:3::1"])).toEqual(["accepted"]);
  });

  it("counts IPv4-mapped IPv6 as the IPv4 address it carries", async () => {
    const v4 = await many(Array.from({ length: 20 }, () => "203.0.113.50"));
    expect(v4.every((s) => s === "accepted")).toBe(true);
    expect(await many(["::ffff:203.0.113.50", "::ffff:cb00:7132"])).toEqual(["rate-limited", "rate-limited"]);
    expect(await many(["203.0.113.51"])).toEqual(["accepted"]);
  });
});
