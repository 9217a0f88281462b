// The operator console, end to end against the production build: sign-in by a mailed magic link (and the same answer
// for anyone else), links that work once and for 15 minutes, every page and action refused without a live session,
// Origin and CSRF checks, pause and resume landing in the audit log, the log refusing edits, and axe on every page.
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { QUEUE, queue } from "@/lib/queue/queues";
import { createSignInLinkForCommandLine } from "@/lib/admin/sign-in";
import { csrfTokenFor } from "@/lib/admin/session";
import { PAUSED_FOR_COMPLAINTS } from "@/lib/digest/edition-store";
import { seriousAxeViolations } from "../helpers/axe";
import { useBuiltApp } from "../helpers/built-app";
import { testDb } from "../helpers/db";
import { rawRequest } from "../helpers/forms";
import { linkInText } from "../helpers/mail-links";
import { waitForQueueIdle } from "../helpers/queue-state";
import { waitUntil } from "../helpers/wait-until";
import { scheduleIngest } from "@/workers/ingest.worker";

const OPERATOR = "ops@paperboy.test";
const STRANGER = "stranger@paperboy.test";
const EDITION_ID = randomUUID();
const READER_ID = randomUUID();

const e2e = useBuiltApp({
  browser: true,
  worker: true,
  env: { ADMIN_EMAILS: "Ops@Paperboy.test" },
  seed: async (db) => {
    const s = await db.subscriber.create({ data: { id: READER_ID, email: "reader@paperboy.test", status: "ACTIVE", confirmedAt: new Date() } });
    await db.paper.create({ data: { id: "2511.00001", title: "Seeded paper on KV caches", summary: "A summary.", authors: ["A. Author"], source: "test" } });
    await db.consentEvent.createMany({
      data: (["SIGNUP", "CONFIRM"] as const).map((kind) => ({ subscriberId: s.id, kind, email: s.email, topics: [], consentVersion: "1", source: "test" })),
    });
    await db.edition.create({ data: { id: EDITION_ID, date: new Date("2026-11-30T00:00:00Z"), frequency: "DAILY", status: "SENDING", fannedOutAt: new Date() } });
    await db.bounceEvent.create({ data: { eventKey: "seeded-complaint", source: "SMTP", kind: "COMPLAINT", outcome: "unsubscribed", subscriberId: READER_ID } });
    await db.delivery.create({ data: { editionId: EDITION_ID, subscriberId: s.id, status: "PENDING", paperIds: ["2511.00001"], reasons: ["LLM inference: matched 'kv cache'"], contentKey: "abcdefghijklmnop" } });
  },
});

const raw = () => rawRequest(e2e.port);
const cookieName = "paperboy-admin";
let signedIn: BrowserContext;
let page: Page;

async function askForLink(context: BrowserContext, email: string): Promise<string> {
  const p = await context.newPage();
  await p.goto(`${e2e.url}/admin/sign-in`);
  await p.fill("#email", email);
  await Promise.all([p.waitForURL(/\/admin\/sign-in\?sent/), p.click("button[type=submit]")]);
  const text = await p.locator("main").innerText();
  await p.close();
  return text;
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const c = (await context.cookies(e2e.url)).find((k) => k.name === cookieName);
  if (!c) throw new Error("no session cookie");
  return c.value;
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return raw()("POST", path, formBody(fields), { "content-type": "application/x-www-form-urlencoded", origin: e2e.url, ...headers });
}

const PAGES = ["/admin", "/admin/audit", "/admin/editions", `/admin/editions/${EDITION_ID}`, `/admin/editions/${EDITION_ID}/preview/${READER_ID}`];
const ACTIONS = [
  "/admin/sign-out",
  `/admin/editions/${EDITION_ID}/pause`,
  `/admin/editions/${EDITION_ID}/resume`,
  `/admin/editions/${EDITION_ID}/test-mail`,
  `/admin/editions/${EDITION_ID}/preview`,
];

async function expectRefusedEverywhere(cookie: string | null): Promise<void> {
  const headers: Record<string, string> = cookie ? { cookie: `${cookieName}=${cookie}` } : {};
  for (const path of PAGES) {
    const res = await raw()("GET", path, undefined, headers);
    expect([303, 307], `${path}: ${res.status}`).toContain(res.status);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in$/);
    expect(res.body).not.toContain("Dashboard");
  }
  const sessionId = cookie?.split(".")[0] ?? randomUUID();
  for (const path of ACTIONS) {
    const res = await post(path, { csrf: csrfTokenFor(sessionId, process.env.APP_SECRET!) }, headers);
    expect(res.status, path).toBe(303);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in$/);
  }
  expect((await testDb().edition.findUniqueOrThrow({ where: { id: EDITION_ID } })).status).toBe("SENDING");
}

describe("operator console", () => {
  it("answers a stranger and an operator alike, and mails only the operator", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const strangerAnswer = await askForLink(context, STRANGER);
    const operatorAnswer = await askForLink(context, "OPS@paperboy.test");
    expect(strangerAnswer).toBe(operatorAnswer);
    expect(operatorAnswer).toContain("If this address may sign in");
    await e2e.sink.waitFor(() => e2e.sink.mailsTo(OPERATOR).length === 1);
    await waitForQueueIdle(queue(QUEUE.transactional));
    expect(e2e.sink.mailsTo(STRANGER)).toHaveLength(0);
    expect(e2e.sink.mails).toHaveLength(1);
    await context.close();
  });

  it("signs in by the mailed link, once", async () => {
    const link = linkInText(e2e.sink.mailsTo(OPERATOR)[0]!, "admin/sign-in/link");
    signedIn = await e2e.browser.newContext({ javaScriptEnabled: false });
    page = await signedIn.newPage();
    await page.goto(link);
    await Promise.all([page.waitForURL(`${e2e.url}/admin`), page.click("button[type=submit]")]);
    expect(await page.locator("h1").innerText()).toBe("Dashboard");
    const cookie = (await signedIn.cookies(e2e.url)).find((c) => c.name === cookieName)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.secure).toBe(false); // APP_URL is http here
    const row = await testDb().adminSession.findFirstOrThrow();
    expect(row.secretHash).not.toContain(cookie.value.split(".")[1]!);

    // The second use: the page says so and the button's request is refused.
    const again = await (await e2e.browser.newContext({ javaScriptEnabled: false })).newPage();
    await again.goto(link);
    expect(await again.locator("main").innerText()).toContain("expired or was already used");
    const token = link.split("/").at(-1)!;
    const res = await post("/admin/sign-in/complete", { token });
    expect(res.status).toBe(303);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in\?expired$/);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(await testDb().adminSession.count()).toBe(1);
    await again.context().close();
  });

  it("shows subscribers, the 30-day chart with its table, editions and the next ones on the dashboard", async () => {
    await page.goto(`${e2e.url}/admin`);
    expect(await page.locator("main").innerText()).toContain("paper ingest: not scheduled (no worker has started");
    await scheduleIngest();
    await page.goto(`${e2e.url}/admin`);
    const subscribers = page.locator("main table").first();
    expect(await subscribers.locator("tr", { hasText: "active" }).locator("td").allInnerTexts()).toEqual(["1", "0", "1"]);
    expect(await subscribers.locator("tr", { hasText: "pending" }).locator("td").allInnerTexts()).toEqual(["0", "0", "0"]);
    const chart = page.locator("svg[role=img]");
    expect(await chart.locator("title").textContent()).toContain("1 sign-ups, 1 confirmations, 0 unsubscribes");
    expect(await chart.locator("rect").count()).toBe(30 * 3);
    const figures = page.locator("details table tbody tr");
    expect(await figures.count()).toBe(30);
    const today = new Date().toISOString().slice(0, 10);
    // The table sits in a closed <details>: read its text, not what is rendered.
    expect(await figures.last().locator("th").textContent()).toBe(today);
    expect(await figures.last().locator("td").allTextContents()).toEqual(["1", "1", "0"]);
    const recent = await page.locator("main").innerText();
    expect(recent).toContain("daily 2026-11-30");
    expect(recent).toContain("Bounced: 0 · unknown outcome: 0");
    expect(recent).toContain("Reported in the last 30 days: 0 hard bounces · 0 soft bounces · 1 spam complaints");
    expect(recent).toMatch(/paper ingest: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(recent).toContain("this page updates itself");
    expect(recent).toMatch(/daily: \w+day, \d+ \w+ \d{4}, around \d\d:00/);
    expect(recent).toMatch(/weekly: \w+day, \d+ \w+ \d{4}, around \d\d:00/);
    await page.goto(`${e2e.url}/admin/editions`);
    expect(await page.locator(`a[href="/admin/editions/${EDITION_ID}"]`).innerText()).toBe("daily 2026-11-30");
  });

  it("keeps the dashboard current while an edition is sending, with JavaScript on", async () => {
    const context = await e2e.browser.newContext();
    await context.addCookies([{ name: cookieName, value: await sessionCookie(signedIn), url: e2e.url }]);
    const live = await context.newPage();
    await live.goto(`${e2e.url}/admin`);
    const row = live.locator("main table", { hasText: "daily 2026-11-30" }).locator("tr", { hasText: "daily 2026-11-30" });
    const before = await row.innerText();
    const delivery = await testDb().delivery.findFirstOrThrow({ where: { editionId: EDITION_ID } });
    await testDb().delivery.update({ where: { id: delivery.id }, data: { status: "SENT", sentAt: new Date() } });
    try {
      await waitUntil(async () => (await row.innerText()) !== before, 30_000, "the dashboard to show the sent delivery without a reload");
    } finally {
      await testDb().delivery.update({ where: { id: delivery.id }, data: { status: "PENDING", sentAt: null } });
      await context.close();
    }
  });

  it("refuses a link older than 15 minutes", async () => {
    process.env.ADMIN_EMAILS = OPERATOR;
    resetEnvCache();
    const made = await createSignInLinkForCommandLine(testDb(), OPERATOR);
    if (!made.ok) throw new Error(made.message);
    await testDb().adminSignIn.updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await post("/admin/sign-in/complete", { token: made.link.split("/").at(-1)! });
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in\?expired$/);
    expect(await testDb().adminSession.count()).toBe(1);
    // A forged token (the right id, no genuine signature) gets nowhere either.
    const forged = await post("/admin/sign-in/complete", { token: `${made.link.split("/").at(-1)!.split(".")[0]}.AAAA` });
    expect(String(forged.headers.location)).toMatch(/\/admin\/sign-in\?expired$/);
  });

  it("refuses every page and action without a session, or with an unknown one", async () => {
    await expectRefusedEverywhere(null);
    await expectRefusedEverywhere(`${randomUUID()}.nottherightsecret`);
    const cookie = await sessionCookie(signedIn);
    await expectRefusedEverywhere(`${cookie.split(".")[0]}.nottherightsecret`);
  });

  it("refuses a POST without the CSRF token or from a foreign Origin", async () => {
    const cookie = await sessionCookie(signedIn);
    const headers = { cookie: `${cookieName}=${cookie}` };
    const csrf = csrfTokenFor(cookie.split(".")[0]!, process.env.APP_SECRET!);
    for (const path of ACTIONS) {
      expect((await post(path, {}, headers)).status, `${path} without token`).toBe(403);
      expect((await post(path, { csrf: "x".repeat(43) }, headers)).status, `${path} wrong token`).toBe(403);
      expect((await post(path, { csrf }, { ...headers, origin: "https://evil.example" })).status, `${path} foreign origin`).toBe(403);
      const noOrigin = await raw()("POST", path, formBody({ csrf }), { "content-type": "application/x-www-form-urlencoded", ...headers });
      expect(noOrigin.status, `${path} without Origin`).toBe(403);
    }
    expect((await testDb().edition.findUniqueOrThrow({ where: { id: EDITION_ID } })).status).toBe("SENDING");
    expect(await testDb().adminSession.count({ where: { revokedAt: null } })).toBe(1);
    // The session still works (the refused requests did not rotate it away).
    await page.goto(`${e2e.url}/admin`);
    expect(await page.locator("h1").innerText()).toBe("Dashboard");
  });

  it("pauses and resumes an edition, and both land in the audit log", async () => {
    await page.goto(`${e2e.url}/admin/editions/${EDITION_ID}`);
    expect(await page.locator("main").innerText()).toContain("sending");
    const before = await sessionCookie(signedIn);
    await Promise.all([page.waitForURL(/pause=done/), page.click("text=Pause sending")]);
    expect((await testDb().edition.findUniqueOrThrow({ where: { id: EDITION_ID } })).status).toBe("PAUSED");
    expect(await page.locator("main").innerText()).toContain("paused (by an operator)");
    expect(await sessionCookie(signedIn)).not.toBe(before); // the secret rotated
    // The old secret no longer admits anyone.
    expect((await raw()("GET", "/admin", undefined, { cookie: `${cookieName}=${before}` })).status).toBe(307);
    await Promise.all([page.waitForURL(/resume=done/), page.click("text=Resume sending")]);
    expect((await testDb().edition.findUniqueOrThrow({ where: { id: EDITION_ID } })).status).toBe("SENDING");

    await page.goto(`${e2e.url}/admin/audit`);
    const log = await page.locator("main table").innerText();
    expect(log).toContain("paused edition");
    expect(log).toContain("resumed edition");
    expect(log).toContain("signed in");
    const actions = (await testDb().adminAuditEvent.findMany({ orderBy: { id: "asc" } })).map((r) => [r.actor, r.action, r.ip !== null]);
    expect(actions).toEqual([
      [OPERATOR, "signed in", true],
      [OPERATOR, "sign-in link printed", true],
      [OPERATOR, "paused edition", true],
      [OPERATOR, "resumed edition", true],
    ]);
  });

  it("says when an edition paused itself because its complaints passed the limit", async () => {
    await testDb().edition.update({ where: { id: EDITION_ID }, data: { status: "PAUSED", pauseReason: PAUSED_FOR_COMPLAINTS } });
    await page.goto(`${e2e.url}/admin/editions/${EDITION_ID}`);
    expect(await page.locator("main").innerText()).toMatch(/paused \(because its spam complaints passed the limit/);
    await testDb().edition.update({ where: { id: EDITION_ID }, data: { status: "SENDING", pauseReason: null } });
  });

  it("shows the edition's paper lists with their readers and web copy", async () => {
    await page.goto(`${e2e.url}/admin/editions/${EDITION_ID}`);
    const lists = await page.locator("main table").last().innerText();
    expect(lists).toContain("List 1");
    const href = await page.locator("a", { hasText: "View list 1 in the browser" }).getAttribute("href");
    expect(href).toBe(`${e2e.url}/editions/${EDITION_ID}?v=abcdefghijklmnop`);
  });

  it("the audit table refuses UPDATE and DELETE", async () => {
    await expect(testDb().$executeRawUnsafe(`UPDATE "AdminAuditEvent" SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(testDb().$executeRawUnsafe(`DELETE FROM "AdminAuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await testDb().adminAuditEvent.count({ where: { actor: OPERATOR } })).toBe(4);
  });

  it("mails the operator a test of the edition, and shows what one reader gets, both audited", async () => {
    await page.goto(`${e2e.url}/admin/editions/${EDITION_ID}`);
    await Promise.all([page.waitForURL(/test=queued/), page.click("text=Send a test of this edition to me")]);
    await e2e.sink.waitFor(() => e2e.sink.mailsTo(OPERATOR).some((m) => m.parsed.subject?.startsWith("[Test]")));
    const test = e2e.sink.mailsTo(OPERATOR).find((m) => m.parsed.subject?.startsWith("[Test]"))!;
    expect(test.parsed.text).toContain("Seeded paper on KV caches");
    expect(test.parsed.html).toContain(`/admin/editions/${EDITION_ID}`);
    expect(e2e.sink.mailsTo("reader@paperboy.test")).toHaveLength(0);

    await page.fill("#preview-email", "nobody@paperboy.test");
    await Promise.all([page.waitForURL(/preview=not-found/), page.click("text=Preview what they get")]);
    expect(await page.locator("main").innerText()).toContain("No subscriber has that exact address.");
    await page.fill("#preview-email", "Reader@Paperboy.test");
    await Promise.all([page.waitForURL(`${e2e.url}/admin/editions/${EDITION_ID}/preview/${READER_ID}`), page.click("text=Preview what they get")]);
    const shown = await page.locator("main").innerText();
    expect(shown).toContain("Their delivery as the fan-out recorded it (pending)");
    expect(shown).toContain("Seeded paper on KV caches");
    expect(shown).toMatch(/kv cache/i);
    const actions = (await testDb().adminAuditEvent.findMany({ orderBy: { id: "asc" }, skip: 4 })).map((r) => [r.action, r.detail]);
    expect(actions).toEqual([
      ["sent a test of edition", "list 1 of 1"],
      ["previewed an edition for a reader", "no subscriber has that address"],
      ["previewed an edition for a reader", `r***@paperboy.test (${READER_ID})`],
    ]);
  });

  it("has no serious or critical accessibility violation on any console page", async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true });
    await context.addCookies([{ name: cookieName, value: await sessionCookie(signedIn), url: e2e.url }]);
    const p = await context.newPage();
    for (const path of [...PAGES, "/admin/editions/" + EDITION_ID + "?pause=done"]) {
      await p.goto(`${e2e.url}${path}`);
      expect(await p.locator("h1").count(), path).toBe(1);
      expect(await seriousAxeViolations(p), path).toEqual([]);
    }
    await context.close();
    const anonymous = await (await e2e.browser.newContext({ bypassCSP: true })).newPage();
    for (const path of ["/admin/sign-in", "/admin/sign-in?sent", "/admin/sign-in/link/not-a-token"]) {
      await anonymous.goto(`${e2e.url}${path}`);
      expect(await seriousAxeViolations(anonymous), path).toEqual([]);
    }
    await anonymous.context().close();
  });

  it("signs out: the session is revoked and its cookie admits nobody", async () => {
    const cookie = await sessionCookie(signedIn);
    await page.goto(`${e2e.url}/admin`);
    await Promise.all([page.waitForURL(/\/admin\/sign-in$/), page.click("text=Sign out")]);
    const row = await testDb().adminSession.findUniqueOrThrow({ where: { id: cookie.split(".")[0]! } });
    expect(row.revokedAt).not.toBeNull();
    await expectRefusedEverywhere(cookie);
    const audit = await testDb().adminAuditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(audit.action).toBe("signed out");
  });

  it("refuses a session past its lifetime", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    process.env.ADMIN_EMAILS = OPERATOR;
    resetEnvCache();
    const made = await createSignInLinkForCommandLine(testDb(), OPERATOR);
    if (!made.ok) throw new Error(made.message);
    const p = await context.newPage();
    await p.goto(made.link);
    await Promise.all([p.waitForURL(`${e2e.url}/admin`), p.click("button[type=submit]")]);
    const cookie = await sessionCookie(context);
    await waitUntil(async () => (await raw()("GET", "/admin", undefined, { cookie: `${cookieName}=${cookie}` })).status === 200, 10_000, "the new session to work");
    await testDb().adminSession.update({ where: { id: cookie.split(".")[0]! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectRefusedEverywhere(cookie);
    await context.close();
  });
});
