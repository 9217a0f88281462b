// The console's subscriber and suppression pages, end to end against the production build with the transactional
// worker: a look-up that keeps the address out of URLs, unsubscribe, the confirmation mail sent again, erasure, the
// CSV import (pending sign-ups whose confirmation mails go out; nobody active) with its 413 and 400 pages, the CSV
// export as a download, lifting a suppression; every page and action refused without a session, with a missing or
// forged CSRF token or from a foreign Origin; and axe on every new page.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { QUEUE, queue } from "@/lib/queue/queues";
import { createSignInLinkForCommandLine } from "@/lib/admin/sign-in";
import { csrfTokenFor } from "@/lib/admin/session";
import { MAX_IMPORT_BYTES } from "@/lib/admin/csv-import";
import { emailHash } from "@/lib/subscribers/email-hash";
import { seriousAxeViolations } from "../helpers/axe";
import { useBuiltApp } from "../helpers/built-app";
import { testDb } from "../helpers/db";
import { multipart, rawRequest } from "../helpers/forms";
import { waitForQueueIdle } from "../helpers/queue-state";

const OPERATOR = "ops@paperboy.test";
const READER_ID = randomUUID();
const PENDING_ID = randomUUID();
const LEAVER_ID = randomUUID();
const ERASE_ID = randomUUID();
const BOUNCED_HASH = emailHash("bounced@paperboy.test");
const EDITION_ID = randomUUID();

const e2e = useBuiltApp({
  browser: true,
  worker: true,
  env: { ADMIN_EMAILS: OPERATOR },
  seed: async (db) => {
    const reasoning = await db.topic.findUniqueOrThrow({ where: { slug: "reasoning" } });
    const made = (id: string, email: string, status: "ACTIVE" | "PENDING", extra: object = {}) =>
      db.subscriber.create({
        data: { id, email, status, confirmedAt: status === "ACTIVE" ? new Date("2026-11-01T08:00:00Z") : null, topics: { create: [{ topicId: reasoning.id }] }, ...extra },
      });
    await made(READER_ID, "reader@paperboy.test", "ACTIVE");
    await made(PENDING_ID, "pending@paperboy.test", "PENDING", { confirmationId: randomUUID(), lastConfirmationSentAt: new Date(Date.now() - 2 * 86400_000) });
    await made(LEAVER_ID, "leaver@paperboy.test", "ACTIVE");
    await made(ERASE_ID, "eraseme@paperboy.test", "ACTIVE");
    await db.consentEvent.createMany({
      data: (["SIGNUP", "CONFIRM"] as const).map((kind) => ({ subscriberId: READER_ID, kind, email: "reader@paperboy.test", topics: ["reasoning"], consentVersion: "1", source: "signup-form" })),
    });
    await db.edition.create({ data: { id: EDITION_ID, date: new Date("2026-11-30T00:00:00Z"), frequency: "DAILY", status: "DONE", fannedOutAt: new Date() } });
    await db.delivery.create({ data: { editionId: EDITION_ID, subscriberId: READER_ID, status: "SENT", sentAt: new Date(), paperIds: [] } });
    await db.suppression.create({ data: { emailHash: BOUNCED_HASH, reason: "HARD_BOUNCE" } });
  },
});

const raw = () => rawRequest(e2e.port);
const cookieName = "paperboy-admin";
let signedIn: BrowserContext;
let page: Page;

const unsubscribeButton = () => page.getByRole("button", { name: "Unsubscribe", exact: true });

async function sessionCookie(context: BrowserContext): Promise<string> {
  const c = (await context.cookies(e2e.url)).find((k) => k.name === cookieName);
  if (!c) throw new Error("no session cookie");
  return c.value;
}

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return raw()("POST", path, new URLSearchParams(fields).toString(), { "content-type": "application/x-www-form-urlencoded", origin: e2e.url, ...headers });
}

const PAGES = [
  "/admin/subscribers",
  `/admin/subscribers/${READER_ID}`,
  "/admin/subscribers/import",
  `/admin/subscribers/import/report/${randomUUID()}`,
  "/admin/subscribers/export",
  "/admin/suppressions",
  `/admin/suppressions/${BOUNCED_HASH}`,
];
const ACTIONS = [
  "/admin/subscribers/find",
  `/admin/subscribers/${LEAVER_ID}/unsubscribe`,
  `/admin/subscribers/${PENDING_ID}/resend-confirmation`,
  `/admin/subscribers/${ERASE_ID}/erase`,
  "/admin/subscribers/import/upload",
  "/admin/suppressions/find",
  `/admin/suppressions/${BOUNCED_HASH}/lift`,
];
// Fields that would make each action do something, were it let through.
const FIELDS = { email: "reader@paperboy.test", confirm: "yes", reason: "forged" };

async function expectNothingChanged(): Promise<void> {
  const rows = await testDb().subscriber.findMany({ where: { id: { in: [LEAVER_ID, ERASE_ID, PENDING_ID] } }, select: { status: true } });
  expect(rows.map((r) => r.status).sort()).toEqual(["ACTIVE", "ACTIVE", "PENDING"]);
  expect(await testDb().suppression.count({ where: { emailHash: BOUNCED_HASH } })).toBe(1);
  expect(await testDb().adminAuditEvent.count({ where: { action: { notIn: ["signed in", "sign-in link printed"] } } })).toBe(0);
}

async function expectRefusedEverywhere(cookie: string | null): Promise<void> {
  const headers: Record<string, string> = cookie ? { cookie: `${cookieName}=${cookie}` } : {};
  for (const path of PAGES) {
    const res = await raw()("GET", path, undefined, headers);
    expect([303, 307], `${path}: ${res.status}`).toContain(res.status);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in$/);
    expect(res.body).not.toContain("reader@paperboy.test");
  }
  const sessionId = cookie?.split(".")[0] ?? randomUUID();
  for (const path of ACTIONS) {
    const res = await post(path, { ...FIELDS, csrf: csrfTokenFor(sessionId, process.env.APP_SECRET!) }, headers);
    expect(res.status, path).toBe(303);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in$/);
  }
  await expectNothingChanged();
}

describe("the console's subscribers and suppressions", () => {
  it("signs in", async () => {
    process.env.ADMIN_EMAILS = OPERATOR;
    resetEnvCache();
    const made = await createSignInLinkForCommandLine(testDb(), OPERATOR);
    if (!made.ok) throw new Error(made.message);
    signedIn = await e2e.browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    page = await signedIn.newPage();
    await page.goto(made.link);
    await Promise.all([page.waitForURL(`${e2e.url}/admin`), page.click("button[type=submit]")]);
    const nav = await page.locator("nav.admin-nav").innerText();
    expect(nav).toContain("Subscribers");
    expect(nav).toContain("Suppressions");
  });

  it("refuses every new page and action without a session, with an unknown one, or with one past its lifetime", async () => {
    await expectRefusedEverywhere(null);
    await expectRefusedEverywhere(`${randomUUID()}.nottherightsecret`);
    const cookie = await sessionCookie(signedIn);
    await expectRefusedEverywhere(`${cookie.split(".")[0]}.nottherightsecret`);
    // The operator's own session, once past its lifetime (then given its lifetime back for the tests that follow).
    const id = cookie.split(".")[0]!;
    const { expiresAt } = await testDb().adminSession.findUniqueOrThrow({ where: { id } });
    await testDb().adminSession.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    try {
      await expectRefusedEverywhere(cookie);
    } finally {
      await testDb().adminSession.update({ where: { id }, data: { expiresAt } });
    }
  });

  it("refuses every new action without the CSRF token, with a forged one, or from a foreign Origin; and a download another site asked for", async () => {
    const cookie = await sessionCookie(signedIn);
    const headers = { cookie: `${cookieName}=${cookie}` };
    const csrf = csrfTokenFor(cookie.split(".")[0]!, process.env.APP_SECRET!);
    for (const path of ACTIONS) {
      expect((await post(path, FIELDS, headers)).status, `${path} without token`).toBe(403);
      expect((await post(path, { ...FIELDS, csrf: "x".repeat(43) }, headers)).status, `${path} wrong token`).toBe(403);
      // A token of another session is as good as none.
      expect((await post(path, { ...FIELDS, csrf: csrfTokenFor(randomUUID(), process.env.APP_SECRET!) }, headers)).status, `${path} other session's token`).toBe(403);
      expect((await post(path, { ...FIELDS, csrf }, { ...headers, origin: "https://evil.example" })).status, `${path} foreign origin`).toBe(403);
      const noOrigin = await raw()("POST", path, new URLSearchParams({ ...FIELDS, csrf }).toString(), { "content-type": "application/x-www-form-urlencoded", ...headers });
      expect(noOrigin.status, `${path} without Origin`).toBe(403);
    }
    // The upload as a multipart form, as the browser sends it, with a forged token.
    const forgedUpload = multipart([["csrf", "x".repeat(43)], ["file", "someone@paperboy.test,reasoning"]]);
    expect((await raw()("POST", "/admin/subscribers/import/upload", forgedUpload.body, { "content-type": forgedUpload.type, origin: e2e.url, ...headers })).status).toBe(403);
    const crossSite = await raw()("GET", "/admin/subscribers/export", undefined, { ...headers, "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).not.toContain("reader@paperboy.test");
    await expectNothingChanged();
    // The session still works (the refused requests did not rotate it away).
    await page.goto(`${e2e.url}/admin/subscribers`);
    expect(await page.locator("h1").innerText()).toBe("Subscribers");
  });

  it("looks a subscriber up by exact address, keeping the address out of the URL", async () => {
    await page.goto(`${e2e.url}/admin/subscribers`);
    await page.fill("#email", "nobody@paperboy.test");
    await Promise.all([page.waitForURL(/\/admin\/subscribers\?not-found$/), page.click("main button[type=submit]")]);
    expect(await page.locator("[role=alert]").innerText()).toContain("No subscriber has that address");
    await page.fill("#email", "READER@paperboy.test");
    await Promise.all([page.waitForURL(`${e2e.url}/admin/subscribers/${READER_ID}`), page.click("main button[type=submit]")]);
    const text = await page.locator("main").innerText();
    expect(text).toContain("Subscriber reader@paperboy.test");
    expect(text).toMatch(/State\s+active/);
    expect(text).toMatch(/Topics\s+reasoning/);
    expect(text).toContain("signup");
    expect(text).toContain("confirm");
    expect(text).toMatch(/daily 2026-11-30\s+sent/);
    const audit = await testDb().adminAuditEvent.findMany({ where: { action: "looked up subscriber" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.target, a.detail])).toEqual([["n***@paperboy.test", "not found"], [`subscriber ${READER_ID}`, null]]);
  });

  it("unsubscribes, sends the confirmation mail again, and erases, each from the subscriber's page", async () => {
    await page.goto(`${e2e.url}/admin/subscribers/${LEAVER_ID}`);
    await Promise.all([page.waitForURL(/unsubscribe=done/), unsubscribeButton().click()]);
    expect(await page.locator("[role=status]").innerText()).toContain("Unsubscribed");
    expect((await testDb().subscriber.findUniqueOrThrow({ where: { id: LEAVER_ID } })).status).toBe("UNSUBSCRIBED");
    expect(await unsubscribeButton().count()).toBe(0);

    await page.goto(`${e2e.url}/admin/subscribers/${PENDING_ID}`);
    await Promise.all([page.waitForURL(/resend-confirmation=done/), page.getByRole("button", { name: "Send the confirmation mail again" }).click()]);
    await e2e.sink.waitFor(() => e2e.sink.mailsTo("pending@paperboy.test").length === 1);
    expect(e2e.sink.mailsTo("pending@paperboy.test")[0]!.parsed.subject).toBe("Confirm your Paperboy subscription");
    await Promise.all([page.waitForURL(/resend-confirmation=sent-today/), page.getByRole("button", { name: "Send the confirmation mail again" }).click()]);
    expect(await page.locator("[role=alert]").innerText()).toContain("already went to this address");
    await waitForQueueIdle(queue(QUEUE.transactional));
    expect(e2e.sink.mailsTo("pending@paperboy.test")).toHaveLength(1);
    expect((await testDb().subscriber.findUniqueOrThrow({ where: { id: PENDING_ID } })).status).toBe("PENDING");

    await page.goto(`${e2e.url}/admin/subscribers/${ERASE_ID}`);
    // The box is required; a request without it (as a browser without form validation would send) changes nothing.
    const cookie = await sessionCookie(signedIn);
    const unticked = await post(`/admin/subscribers/${ERASE_ID}/erase`, { csrf: csrfTokenFor(cookie.split(".")[0]!, process.env.APP_SECRET!) }, { cookie: `${cookieName}=${cookie}` });
    expect(String(unticked.headers.location)).toMatch(/erase=unconfirmed$/);
    await signedIn.addCookies([{ name: cookieName, value: String(unticked.headers["set-cookie"]).split(";")[0]!.split("=")[1]!, url: e2e.url }]);
    expect(await testDb().subscriber.count({ where: { id: ERASE_ID } })).toBe(1);
    await page.check("#confirm-erase");
    await Promise.all([page.waitForURL(/\/admin\/subscribers\?erased$/), page.getByRole("button", { name: "Erase", exact: true }).click()]);
    expect(await testDb().subscriber.count({ where: { id: ERASE_ID } })).toBe(0);
    expect(await testDb().suppression.findUnique({ where: { emailHash: emailHash("eraseme@paperboy.test") } })).toMatchObject({ reason: "ERASED" });

    const actions = (await testDb().adminAuditEvent.findMany({ where: { target: { startsWith: "subscriber" }, action: { not: "looked up subscriber" } }, orderBy: { id: "asc" } })).map((a) => [a.action, a.detail]);
    expect(actions).toEqual([
      ["unsubscribed subscriber", null],
      ["resent confirmation mail", null],
      ["resent confirmation mail", "no change: sent-today"],
      ["erased subscriber", null],
    ]);
  });

  it("imports a CSV file: pending sign-ups with their confirmation mails, the bad and skipped rows by line", async () => {
    const file = ["address,topics,frequency", "new1@paperboy.test,reasoning,weekly", "New2@Paperboy.test,reasoning;quantization", "reader@paperboy.test,reasoning", "bad-topic@paperboy.test,astrology", "bounced@paperboy.test,reasoning", "new1@paperboy.test,reasoning"].join("\n");
    await page.goto(`${e2e.url}/admin/subscribers/import`);
    await page.setInputFiles("#file", { name: "list.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
    await Promise.all([page.waitForURL(/\/admin\/subscribers\/import\/report\/[0-9a-f-]{36}$/), page.click("main button[type=submit]")]);
    expect(await page.locator("#pending-count").innerText()).toBe("2");
    expect(await page.locator("#bad-rows tbody").innerText()).toMatch(/5\s+unknown topic "astrology"\s+7\s+duplicate of line 2/);
    expect(await page.locator("#skipped-rows tbody").innerText()).toMatch(/4\s+already subscribed\s+6\s+suppressed/);
    await e2e.sink.waitFor(() => e2e.sink.mailsTo("new1@paperboy.test").length === 1 && e2e.sink.mailsTo("new2@paperboy.test").length === 1);
    await waitForQueueIdle(queue(QUEUE.transactional));
    const imported = await testDb().subscriber.findMany({ where: { email: { in: ["new1@paperboy.test", "new2@paperboy.test"] } }, select: { status: true, frequency: true } });
    expect(imported.map((s) => s.status)).toEqual(["PENDING", "PENDING"]);
    expect(await testDb().consentEvent.count({ where: { source: "import", kind: "SIGNUP" } })).toBe(2);
    expect(e2e.sink.mailsTo("reader@paperboy.test")).toHaveLength(0);
    const audit = await testDb().adminAuditEvent.findFirstOrThrow({ where: { action: "imported subscribers" } });
    expect(audit.detail).toBe("6 rows: 2 pending (2 mails queued), 1 already subscribed, 0 unsubscribed earlier, 1 suppressed, 2 bad");
  });

  it("answers a file over the limit with 413, and one it cannot read with 400, importing nothing", async () => {
    const before = await testDb().subscriber.count();
    const huge = multipart([["csrf", "x"], ["file", "a".repeat(MAX_IMPORT_BYTES + 20_000)]]);
    const tooLarge = await raw()("POST", "/admin/subscribers/import/upload", huge.body, { "content-type": huge.type, origin: e2e.url });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain("larger than 1 MB");

    await page.goto(`${e2e.url}/admin/subscribers/import`);
    await page.setInputFiles("#file", { name: "latin1.csv", mimeType: "text/csv", buffer: Buffer.from([0x61, 0x40, 0x62, 0x2e, 0x6f, 0x72, 0x67, 0x2c, 0xe9, 0x0a]) });
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/import/upload")), page.click("main button[type=submit]")]);
    expect(answer.status()).toBe(400);
    expect(await page.locator("main").innerText()).toContain("not UTF-8");
    expect(await testDb().subscriber.count()).toBe(before);
    // The session goes on (the 400 page carried the rotated cookie).
    await page.goto(`${e2e.url}/admin/subscribers`);
    expect(await page.locator("h1").innerText()).toBe("Subscribers");
  });

  it("downloads the active subscribers as CSV", async () => {
    await page.goto(`${e2e.url}/admin/subscribers`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download the active subscribers as CSV")]);
    expect(download.suggestedFilename()).toMatch(/^paperboy-active-subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(readFileSync((await download.path())!, "utf8")) as string[][];
    expect(rows).toEqual([["address", "topics", "frequency", "confirmed_at"], ["reader@paperboy.test", "reasoning", "daily", "2026-11-01T08:00:00.000Z"]]);
    expect(await testDb().adminAuditEvent.count({ where: { action: "exported active subscribers" } })).toBe(1);
  });

  it("shows the suppressions by reason, finds one by address, and lifts it with a reason", async () => {
    await page.goto(`${e2e.url}/admin/suppressions`);
    const counts = await page.locator("main table").innerText();
    expect(counts).toMatch(/Hard bounce[^\n]*\s+1/);
    expect(counts).toMatch(/Erased[^\n]*\s+1/);
    await page.fill("#email", "Bounced@paperboy.test");
    await Promise.all([page.waitForURL(`${e2e.url}/admin/suppressions/${BOUNCED_HASH}`), page.click("main button[type=submit]")]);
    expect(await page.locator("main").innerText()).toContain("hard bounce");
    await page.fill("#reason", "The person wrote in: the mailbox works again");
    await Promise.all([page.waitForURL(/\/admin\/suppressions\?lifted$/), page.getByRole("button", { name: "Lift the suppression" }).click()]);
    expect(await testDb().suppression.count({ where: { emailHash: BOUNCED_HASH } })).toBe(0);
    const audit = await testDb().adminAuditEvent.findFirstOrThrow({ where: { action: "lifted suppression" } });
    expect(audit.detail).toBe("was hard bounce; reason: The person wrote in: the mailbox works again");
  });

  it("has no serious or critical accessibility violation on any new page", async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true });
    await context.addCookies([{ name: cookieName, value: await sessionCookie(signedIn), url: e2e.url }]);
    const p = await context.newPage();
    const report = (await testDb().adminAuditEvent.findFirstOrThrow({ where: { action: "imported subscribers" } })).target!.split(" ")[1];
    const erasedHash = emailHash("eraseme@paperboy.test");
    for (const path of [
      "/admin/subscribers",
      "/admin/subscribers?not-found",
      `/admin/subscribers/${READER_ID}`,
      `/admin/subscribers/${PENDING_ID}?resend-confirmation=sent-today`,
      "/admin/subscribers/import",
      `/admin/subscribers/import/report/${report}`,
      "/admin/suppressions?lifted",
      `/admin/suppressions/${erasedHash}?error=reason-missing`,
    ]) {
      const res = await p.goto(`${e2e.url}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await p.locator("h1").count(), path).toBe(1);
      expect(await seriousAxeViolations(p), path).toEqual([]);
    }
    await context.close();
  });
});
