// A crowd of sign-ups against the BUILT app with a small bound (one at a time, two waiting): the ones past the bound
// are answered 503 with Retry-After and a page saying to try again, never a 500; every "Check your inbox" means the
// row exists and its confirmation mail went out; a turned-away address has no row. A sign-up waiting out its response
// floor holds no slot; a sign-up turned away keeps the form as it was typed, with and without JavaScript (Chromium).
import pg from "pg";
import { expect, it } from "vitest";
import { queue, QUEUE } from "@/lib/queue/queues";
import { testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { useBuiltApp } from "../helpers/built-app";
import { formOfPage as formOf, multipart, rawRequest, visitorFields, type RawAnswer as Answer } from "../helpers/forms";
import { waitUntil } from "../helpers/wait-until";
import { NOT_ANSWERED_MESSAGE } from "@/app/signup-state";

const appUrl = process.env.APP_URL!;
const port = Number(new URL(appUrl).port);
const MIN_FILL_MS = 2_000;
const CROWD = 40;
// Far above what one sign-up's work takes on a busy machine: the work of two sign-ups fits inside one padding.
const RESPONSE_FLOOR_MS = 10_000;

const e2e = useBuiltApp({
  env: {
    SIGNUP_MIN_FILL_MS: String(MIN_FILL_MS),
    SIGNUP_CONCURRENCY: "1",
    SIGNUP_MAX_PENDING: "2",
    SIGNUP_RESPONSE_FLOOR_MS: String(RESPONSE_FLOOR_MS),
    PAGE_CACHE_TTL_MS: "10000",
  },
  worker: true,
  browser: true,
});

const raw = rawRequest(port);
const formOfPage = () => formOf(raw);

/** A plain form's sign-up accepted: 303 to the check-your-inbox page, as every accepted address gets. */
const isAccepted = (a: Answer) => a.status === 303 && a.headers.location === "/check-your-inbox";

function postSignup(form: [string, string][], email: string, ip: string): Promise<Answer> {
  const { body, type } = multipart([...form, ...visitorFields(email)]);
  return raw("POST", "/", body, { "content-type": type, "x-forwarded-for": ip, origin: appUrl });
}

it("turns the excess away with 503 and Retry-After, never 500, and keeps every sign-up it accepted", async () => {
  const forms: [string, string][][] = [];
  while (forms.length < CROWD) forms.push(...(await Promise.all([formOfPage(), formOfPage(), formOfPage(), formOfPage()])));
  await new Promise((r) => setTimeout(r, MIN_FILL_MS + 200));

  const emails = forms.map((_, i) => `crowd-${i}@example.org`);
  const answers = await Promise.all(forms.map((form, i) => postSignup(form, emails[i]!, `198.51.100.${i + 1}`)));

  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s >= 500 && s !== 503), JSON.stringify(statuses)).toEqual([]);
  const busy = answers.flatMap((a, i) => (a.status === 503 ? [i] : []));
  const accepted = answers.flatMap((a, i) => (isAccepted(a) ? [i] : []));
  expect(busy.length, JSON.stringify(statuses)).toBeGreaterThan(0);
  expect(accepted.length, JSON.stringify(statuses)).toBeGreaterThan(0);
  expect(busy.length + accepted.length, JSON.stringify(statuses)).toBe(CROWD);
  for (const i of busy) {
    expect(Number(answers[i]!.headers["retry-after"])).toBeGreaterThan(0);
    expect(answers[i]!.body).toContain("Busy right now");
    // The form as it was sent, to be sent again.
    expect(answers[i]!.body).toContain(`value="${emails[i]}"`);
  }

  await waitForQueueIdle(queue(QUEUE.transactional));
  const db = testDb();
  for (const i of accepted) {
    expect(await db.subscriber.count({ where: { email: emails[i]! } }), emails[i]).toBe(1);
    await e2e.sink.waitFor(() => e2e.sink.mailsTo(emails[i]!).length === 1);
  }
  for (const i of busy) expect(await db.subscriber.count({ where: { email: emails[i]! } }), emails[i]).toBe(0);
  const landing = await raw("GET", "/check-your-inbox");
  expect(landing.status).toBe(200);
  expect(landing.body).toContain("Check your inbox");
  expect(e2e.app.output()).not.toMatch(/P2028|request failed/);
}, 120_000);

it("hands the slot on before waiting out the response floor: the next sign-up's work is done meanwhile", async () => {
  const forms = await Promise.all([formOfPage(), formOfPage()]);
  await new Promise((r) => setTimeout(r, MIN_FILL_MS + 200));
  let firstAnswered = false;
  const first = postSignup(forms[0]!, "padding-first@example.org", "198.51.100.201").finally(() => (firstAnswered = true));
  await e2e.sink.waitFor(() => e2e.sink.mailsTo("padding-first@example.org").length === 1);
  expect(firstAnswered, "the first answer came before its floor: the floor is too short to tell").toBe(false);
  // One slot and the first sign-up in its padding: the second runs now, not after the first has answered.
  const second = postSignup(forms[1]!, "padding-second@example.org", "198.51.100.202");
  await e2e.sink.waitFor(() => e2e.sink.mailsTo("padding-second@example.org").length === 1);
  expect(firstAnswered, "the second sign-up's mail came only after the first answer").toBe(false);
  for (const answer of await Promise.all([first, second])) expect(isAccepted(answer), `${answer.status} ${answer.headers.location}`).toBe(true);
}, 120_000);

it("a sign-up turned away keeps what was typed, with and without JavaScript, and goes through on the next press", async () => {
  // The one slot held (a sign-up stuck on a lock of the suppression list) and both waiting places taken.
  const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  const context = await e2e.browser.newContext();
  const plainContext = await e2e.browser.newContext({ javaScriptEnabled: false });
  let held: Promise<Answer>[] = [];
  const probes: Promise<Answer>[] = [];
  try {
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.waitForLoadState("networkidle");
    await page.locator("#email").fill("crowded-reader@example.org");
    await page.locator("#topic-vision").check();
    await page.locator("#topic-robotics-agents").check();
    await page.locator("#frequency-weekly").check();
    const plain = await plainContext.newPage();
    await plain.goto(appUrl);
    await plain.locator("#email").fill("crowded-plain@example.org");
    await plain.locator("#topic-vision").check();
    await plain.locator("#frequency-weekly").check();

    const forms = await Promise.all([formOfPage(), formOfPage(), formOfPage()]);
    await new Promise((r) => setTimeout(r, MIN_FILL_MS + 200));
    await locker.query(`BEGIN; LOCK TABLE "Suppression" IN ACCESS EXCLUSIVE MODE`);
    held = forms.map((form, i) => postSignup(form, `held-${i}@example.org`, `198.51.100.${210 + i}`));
    await waitUntil(async () => {
      // Inside the locker's transaction pg_stat_activity is read once and kept: drop that copy before each look.
      await locker.query("SELECT pg_stat_clear_snapshot()");
      const waiting = await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
      return waiting.rows[0].n >= 1;
    }, 30_000, "a sign-up to wait on the lock");
    // Full when one more is turned away at once (nothing leaves while the lock is held). A probe let in to wait
    // fills a place itself; its answer comes after the lock, and only a 503 at once counts here.
    await waitUntil(async () => {
      const probe = postSignup([], "probe@example.org", "198.51.100.220");
      probes.push(probe);
      return Promise.race([probe.then((a) => a.status === 503), new Promise<boolean>((r) => setTimeout(() => r(false), 1_000))]);
    }, 30_000, "the bound to be full");

    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Subscribe" }).click()]);
    expect(answer.status()).toBe(503);
    expect(Number(await answer.headerValue("retry-after"))).toBeGreaterThan(0);
    await page.getByRole("alert").getByText(NOT_ANSWERED_MESSAGE).waitFor({ timeout: 15_000 });
    expect(await page.locator("#email").inputValue()).toBe("crowded-reader@example.org");
    expect(await page.locator("#topic-vision").isChecked()).toBe(true);
    expect(await page.locator("#topic-robotics-agents").isChecked()).toBe(true);
    expect(await page.locator("#frequency-weekly").isChecked()).toBe(true);
    expect(await testDb().subscriber.count({ where: { email: "crowded-reader@example.org" } })).toBe(0);

    // Without JavaScript: the busy page, with the form as it was sent.
    const [plainAnswer] = await Promise.all([plain.waitForResponse((r) => r.request().method() === "POST"), plain.getByRole("button", { name: "Subscribe" }).click()]);
    expect(plainAnswer.status()).toBe(503);
    expect(Number(await plainAnswer.headerValue("retry-after"))).toBeGreaterThan(0);
    await plain.getByRole("heading", { name: "Busy right now" }).waitFor({ timeout: 15_000 });
    expect(await plain.locator("#email").inputValue()).toBe("crowded-plain@example.org");
    expect(await plain.locator('input[name="topics"][value="vision"]').isChecked()).toBe(true);
    expect(await plain.locator("#frequency-weekly").isChecked()).toBe(true);
    expect(await testDb().subscriber.count({ where: { email: "crowded-plain@example.org" } })).toBe(0);

    await locker.query("COMMIT");
    for (const answer of await Promise.all(held)) expect(isAccepted(answer), `${answer.status} ${answer.headers.location}`).toBe(true);
    for (const probe of await Promise.all(probes)) expect(probe.status === 503 || probe.status < 500, `a probe answered ${probe.status}`).toBe(true);
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 60_000 });
    await plain.getByRole("button", { name: "Subscribe" }).click();
    await plain.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 60_000 });
    await e2e.sink.waitFor(() => e2e.sink.mailsTo("crowded-plain@example.org").length === 1);
    const plainRow = await testDb().subscriber.findUniqueOrThrow({ where: { email: "crowded-plain@example.org" }, include: { topics: { include: { topic: true } } } });
    expect(plainRow.frequency).toBe("WEEKLY");
    expect(plainRow.topics.map((t) => t.topic.slug)).toEqual(["vision"]);
    await e2e.sink.waitFor(() => e2e.sink.mailsTo("crowded-reader@example.org").length === 1);
    const row = await testDb().subscriber.findUniqueOrThrow({ where: { email: "crowded-reader@example.org" }, include: { topics: { include: { topic: true } } } });
    expect(row.frequency).toBe("WEEKLY");
    expect(row.topics.map((t) => t.topic.slug).sort()).toEqual(["robotics-agents", "vision"]);
  } finally {
    await locker.query("ROLLBACK").catch(() => undefined);
    await Promise.allSettled([...held, ...probes]);
    await locker.end();
    await context.close();
    await plainContext.close();
  }
}, 180_000);
