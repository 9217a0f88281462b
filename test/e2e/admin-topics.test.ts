// The console's topics, ingest and queue pages end to end against the production build, in Chromium without
// JavaScript for the forms: reorder, a keyword change previewed (the papers gained and lost) then saved, a new topic
// added the same way, retire and offer again (the sign-up form follows), ingest now (one job however often it is
// pressed, recorded as the operator's run once a worker ran it), the queue dashboard (bull-board) with every queue,
// its API's state-changing calls audited. Every new page, action and queue path is refused without a session, with a
// forged CSRF token or from a foreign Origin; axe finds no serious violation on the new pages (bull-board's own
// prebuilt UI is left out of axe: it is not ours to fix).
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import type { Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { QUEUE, queue } from "@/lib/queue/queues";
import { createWorker } from "@/lib/queue/create-worker";
import { processIngestJob } from "@/lib/papers/ingest-job";
import { createSignInLinkForCommandLine } from "@/lib/admin/sign-in";
import { csrfTokenFor } from "@/lib/admin/session";
import { seriousAxeViolations } from "../helpers/axe";
import { useBuiltApp } from "../helpers/built-app";
import { testDb } from "../helpers/db";
import { rawRequest } from "../helpers/forms";
import { waitForQueueIdle } from "../helpers/queue-state";

const OPERATOR = "ops@paperboy.test";
process.env.ADMIN_EMAILS = OPERATOR;
resetEnvCache();

const e2e = useBuiltApp({ browser: true, ingest: true, env: { ADMIN_EMAILS: OPERATOR } });

const raw = () => rawRequest(e2e.port);
const cookieName = "paperboy-admin";
let signedIn: BrowserContext;
let page: Page;
let ingestWorker: Worker | undefined;

afterAll(async () => {
  await ingestWorker?.close();
});

async function sessionCookie(context: BrowserContext): Promise<string> {
  const c = (await context.cookies(e2e.url)).find((k) => k.name === cookieName);
  if (!c) throw new Error("no session cookie");
  return c.value;
}

const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  raw()("POST", path, formBody(fields), { "content-type": "application/x-www-form-urlencoded", origin: e2e.url, ...headers });

const tagged = async (slug: string) =>
  new Set((await testDb().paperTopic.findMany({ where: { topic: { slug } }, select: { paperId: true } })).map((r) => r.paperId));
const topicOrder = async () => (await testDb().topic.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { slug: true } })).map((t) => t.slug);
const auditActions = async () => (await testDb().adminAuditEvent.findMany({ orderBy: { id: "asc" } })).map((r) => r.action);

const PREVIEW = "/admin/topics/preview?mode=edit&slug=speech-audio&name=Speech&keywords=protein&categories=&description=";
const PAGES = ["/admin/topics", "/admin/topics/speech-audio", PREVIEW, "/admin/ingest", "/admin/queues", "/admin/queues/queue/ingest", "/admin/queues/api/queues"];
const ACTIONS = [
  "/admin/topics/propose",
  "/admin/topics/save",
  "/admin/topics/speech-audio/move",
  "/admin/topics/speech-audio/retire",
  "/admin/topics/speech-audio/restore",
  "/admin/ingest/now",
];
// bull-board's own API calls that change state (the UI sends them as JSON with fetch).
const QUEUE_CALLS: [string, string][] = [
  ["PUT", "/admin/queues/api/queues/ingest/pause"],
  ["PUT", "/admin/queues/api/queues/ingest/retry/failed"],
  ["PUT", "/admin/queues/api/queues/ingest/clean/completed"],
  ["POST", "/admin/queues/api/queues/ingest/add"],
  ["DELETE", "/admin/queues/api/queues/ingest/obliterate"],
  ["PUT", "/admin/queues"],
];
const allSaved = async () => ({
  order: await topicOrder(),
  speech: [...(await tagged("speech-audio"))].sort(),
  offered: (await testDb().topic.findMany({ where: { active: true }, select: { slug: true } })).length,
  ingestJobs: await queue(QUEUE.ingest).count(),
  paused: await queue(QUEUE.ingest).isPaused(),
});

async function expectRefusedEverywhere(cookie: string | null): Promise<void> {
  const before = await allSaved();
  const headers: Record<string, string> = cookie ? { cookie: `${cookieName}=${cookie}` } : {};
  for (const path of PAGES) {
    const res = await raw()("GET", path, undefined, headers);
    expect([303, 307], `${path}: ${res.status}`).toContain(res.status);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in$/);
  }
  const sessionId = cookie?.split(".")[0] ?? randomUUID();
  for (const path of ACTIONS) {
    const res = await post(path, { csrf: csrfTokenFor(sessionId, process.env.APP_SECRET!), direction: "up", mode: "edit", slug: "speech-audio", name: "x", keywords: "x" }, headers);
    expect(res.status, path).toBe(303);
    expect(String(res.headers.location)).toMatch(/\/admin\/sign-in$/);
  }
  for (const [method, path] of QUEUE_CALLS) {
    const res = await raw()(method, path, "{}", { "content-type": "application/json", origin: e2e.url, ...headers });
    expect(res.status, `${method} ${path}`).toBe(403);
  }
  expect(await allSaved()).toEqual(before);
}

describe("console: topics, ingest and queues", () => {
  it("signs in (a printed link) and shows every new page in the navigation", async () => {
    const made = await createSignInLinkForCommandLine(testDb(), OPERATOR);
    if (!made.ok) throw new Error(made.message);
    signedIn = await e2e.browser.newContext({ javaScriptEnabled: false });
    page = await signedIn.newPage();
    await page.goto(made.link);
    await Promise.all([page.waitForURL(`${e2e.url}/admin`), page.click("button[type=submit]")]);
    for (const [link, h1] of [["Topics", "Topics"], ["Ingest", "Papers and ingest"]]) {
      await page.goto(`${e2e.url}/admin`);
      await Promise.all([page.waitForURL(/\/admin\/\w+$/), page.click(`nav >> text=${link}`)]);
      expect(await page.locator("h1").innerText()).toBe(h1);
    }
    expect(await page.locator('nav a[href="/admin/queues"]').count()).toBe(1);
  });

  it("lists the topics in order and moves one up and down", async () => {
    const start = await topicOrder();
    await page.goto(`${e2e.url}/admin/topics`);
    const rows = await page.locator("main table tbody tr td:first-child a").allInnerTexts();
    const names = new Map((await testDb().topic.findMany({ select: { slug: true, name: true } })).map((t) => [t.slug, t.name]));
    expect(rows).toEqual(start.map((s) => names.get(s)));
    const second = names.get(start[1]!)!;
    await Promise.all([page.waitForURL(/moved=done/), page.click(`button[aria-label="Move ${second} up"]`)]);
    expect(await topicOrder()).toEqual([start[1], start[0], ...start.slice(2)]);
    expect(await page.locator("main table tbody tr td:first-child a").first().innerText()).toBe(second);
    await Promise.all([page.waitForURL(/moved=done/), page.click(`button[aria-label="Move ${second} down"]`)]);
    expect(await topicOrder()).toEqual(start);
  });

  it("previews a keyword change (papers gained and lost), changes nothing until saved, then saves and re-tags", async () => {
    const before = await tagged("speech-audio");
    await page.goto(`${e2e.url}/admin/topics/speech-audio`);
    await page.fill("#edit-keywords", "protein");
    await Promise.all([page.waitForURL(/\/admin\/topics\/preview\?/), page.click("text=Preview the change")]);
    const gained = await page.locator("table").nth(0).locator("tbody tr").allInnerTexts();
    const lost = await page.locator("table").nth(1).locator("tbody tr").allInnerTexts();
    expect(gained).toHaveLength(1);
    expect(gained[0]).toMatch(/^Tranception/);
    expect(lost.length).toBe(before.size - [...before].filter((id) => gained[0]!.includes(id)).length);
    expect(await tagged("speech-audio")).toEqual(before);
    expect(await auditActions()).not.toContain("changed topic");

    await Promise.all([page.waitForURL(/\/admin\/topics\/speech-audio\?saved=1$/), page.click("text=Save and tag papers again")]);
    expect(await page.locator("[role=status]").innerText()).toContain("Saved");
    const after = await tagged("speech-audio");
    expect(after.size).toBe(1);
    expect((await testDb().paper.findUniqueOrThrow({ where: { id: [...after][0]! } })).title).toMatch(/^Tranception/);
    expect((await testDb().topic.findUniqueOrThrow({ where: { slug: "speech-audio" } })).keywords).toEqual(["protein"]);
    expect((await auditActions()).at(-1)).toBe("changed topic");
  });

  it("adds a topic through the preview", async () => {
    await page.goto(`${e2e.url}/admin/topics`);
    await page.fill("#add-slug", "mixture-of-experts");
    await page.fill("#add-name", "Mixture of experts");
    await page.fill("#add-description", "Sparse expert models");
    await page.fill("#add-keywords", "mixture of experts\nmixture-of-experts\nmoe");
    await page.fill("#add-categories", "cs.LG");
    await Promise.all([page.waitForURL(/\/admin\/topics\/preview\?/), page.click("text=Preview the new topic")]);
    expect(await page.locator("table").nth(0).innerText()).toContain("Tutel: Adaptive Mixture-of-Experts at Scale");
    expect(await testDb().topic.count({ where: { slug: "mixture-of-experts" } })).toBe(0);
    await Promise.all([page.waitForURL(/\/admin\/topics\/mixture-of-experts\?saved=1$/), page.click("text=Save the new topic and tag papers")]);
    expect(await testDb().topic.findUniqueOrThrow({ where: { slug: "mixture-of-experts" } })).toMatchObject({ name: "Mixture of experts", description: "Sparse expert models", arxivCategories: ["cs.LG"], active: true });
    expect((await tagged("mixture-of-experts")).size).toBeGreaterThan(0);
    expect((await auditActions()).at(-1)).toBe("added topic");
  });

  it("says what is wrong with a malformed topic form, and saves nothing", async () => {
    await page.goto(`${e2e.url}/admin/topics`);
    await page.fill("#add-slug", "mixture-of-experts");
    await page.fill("#add-name", "Again");
    await page.fill("#add-keywords", "x");
    await Promise.all([page.waitForURL(/\/admin\/topics\/preview\?/), page.click("text=Preview the new topic")]);
    expect(await page.locator("[role=alert]").innerText()).toContain("exists already");
    const cookie = await sessionCookie(signedIn);
    const csrf = csrfTokenFor(cookie.split(".")[0]!, process.env.APP_SECRET!);
    const res = await post("/admin/topics/save", { csrf, mode: "add", slug: "Bad Slug", name: "x", keywords: "x" }, { cookie: `${cookieName}=${cookie}` });
    expect(res.status).toBe(303);
    expect(String(res.headers.location)).toMatch(/\/admin\/topics\/preview\?/);
    await signedIn.addCookies([{ name: cookieName, value: String(res.headers["set-cookie"]).split(";")[0]!.split("=")[1]!, url: e2e.url }]);
    await page.goto(String(res.headers.location));
    expect(await page.locator("[role=alert]").innerText()).toContain("the short name must be lower-case words");
    expect(await page.locator("#fix-slug").inputValue()).toBe("Bad Slug");
    expect(await testDb().topic.count({ where: { name: { in: ["Again", "x"] } } })).toBe(0);
  });

  it("retires a topic (gone from the sign-up form, its papers untagged, readers keep it) and offers it again", async () => {
    const topic = await testDb().topic.findUniqueOrThrow({ where: { slug: "mixture-of-experts" }, select: { id: true } });
    const reader = await testDb().subscriber.create({ data: { email: "reader@paperboy.test", status: "ACTIVE", topics: { create: [{ topicId: topic.id }] } } });
    const signup = async () => (await raw()("GET", "/")).body;
    expect(await signup()).toContain('value="mixture-of-experts"');
    await page.goto(`${e2e.url}/admin/topics/mixture-of-experts`);
    await Promise.all([page.waitForURL(/retired=done/), page.click("text=Retire Mixture of experts")]);
    expect(await signup()).not.toContain('value="mixture-of-experts"');
    expect((await tagged("mixture-of-experts")).size).toBe(0);
    expect(await testDb().subscriberTopic.count({ where: { subscriberId: reader.id } })).toBe(1);
    await page.goto(`${e2e.url}/admin/topics`);
    expect(await page.locator("tr", { hasText: "Mixture of experts" }).innerText()).toContain("retired");
    await page.goto(`${e2e.url}/admin/topics/mixture-of-experts`);
    await Promise.all([page.waitForURL(/restored=done/), page.click("text=Offer Mixture of experts again")]);
    expect(await signup()).toContain('value="mixture-of-experts"');
    expect((await tagged("mixture-of-experts")).size).toBeGreaterThan(0);
    expect((await auditActions()).slice(-2)).toEqual(["retired topic", "offered topic again"]);
  });

  it("shows the recorded ingest runs and queues one ingest however often 'ingest now' is pressed", async () => {
    await page.goto(`${e2e.url}/admin/ingest`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("the recorded file");
    const firstRun = page.locator("main table tbody tr").first();
    expect(await firstRun.locator("td").allInnerTexts()).toEqual(expect.arrayContaining(["command line", "succeeded", "136"]));
    await Promise.all([page.waitForURL(/now=queued/), page.click("text=Ingest now")]);
    expect(await page.locator("main").innerText()).toContain("1 waiting");
    await Promise.all([page.waitForURL(/now=busy/), page.click("text=Ingest now")]);
    expect(await page.locator("[role=alert]").innerText()).toContain("already waiting or running");
    expect((await queue(QUEUE.ingest).getJobs(["waiting"])).map((j) => j.id)).toEqual(["ingest-now-file"]);

    const fingerprints = { get: async () => null, set: async () => undefined };
    ingestWorker = createWorker(QUEUE.ingest, (job, { log }) => processIngestJob(job, { db: testDb(), log, fingerprints }), { concurrency: 1 });
    expect(await waitForQueueIdle(queue(QUEUE.ingest))).toMatchObject({ completed: 1, failed: 0 });
    await ingestWorker.close();
    ingestWorker = undefined;
    await page.goto(`${e2e.url}/admin/ingest`);
    expect(await page.locator("main table tbody tr").first().locator("td").allInnerTexts()).toEqual(expect.arrayContaining(["operator", "succeeded", "136", "0"]));
    expect((await auditActions()).slice(-2)).toEqual(["asked for an ingest now", "asked for an ingest now"]);
  });

  it("serves bull-board with every queue behind the sign-in; its state-changing calls need this Origin and are audited", async () => {
    const board = await e2e.browser.newContext();
    await board.addCookies([{ name: cookieName, value: await sessionCookie(signedIn), url: e2e.url }]);
    const p = await board.newPage();
    const failed: string[] = [];
    p.on("response", (r) => {
      if (r.url().startsWith(e2e.url) && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await p.goto(`${e2e.url}/admin/queues`);
    // The prebuilt UI runs under the page's policy and lists every queue.
    for (const name of Object.values(QUEUE)) await p.getByText(name, { exact: true }).first().waitFor({ timeout: 30_000 });
    expect(failed).toEqual([]);
    const cookie = await sessionCookie(signedIn);
    const headers = { cookie: `${cookieName}=${cookie}` };
    const api = await raw()("GET", "/admin/queues/api/queues", undefined, headers);
    expect(api.status).toBe(200);
    expect((JSON.parse(api.body) as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(Object.values(QUEUE).sort());

    const pause = "/admin/queues/api/queues/ingest/pause";
    for (const origin of ["https://evil.example", null]) {
      const res = await raw()("PUT", pause, "{}", { "content-type": "application/json", ...headers, ...(origin ? { origin } : {}) });
      expect(res.status, `origin ${origin}`).toBe(403);
    }
    expect(await queue(QUEUE.ingest).isPaused()).toBe(false);
    expect((await raw()("PUT", pause, "{}", { "content-type": "application/json", origin: e2e.url, ...headers })).status).toBeLessThan(300);
    expect(await queue(QUEUE.ingest).isPaused()).toBe(true);
    expect((await raw()("PUT", "/admin/queues/api/queues/ingest/resume", "{}", { "content-type": "application/json", origin: e2e.url, ...headers })).status).toBeLessThan(300);
    expect(await queue(QUEUE.ingest).isPaused()).toBe(false);
    expect((await auditActions()).slice(-2)).toEqual(["queue board: PUT /api/queues/ingest/pause", "queue board: PUT /api/queues/ingest/resume"]);
    await board.close();
  });

  it("refuses every new page, action and queue path without a session, with an unknown one, or with one past its lifetime", async () => {
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

  it("refuses an action without the CSRF token, with a forged one, or from a foreign Origin", async () => {
    const before = await allSaved();
    const cookie = await sessionCookie(signedIn);
    const headers = { cookie: `${cookieName}=${cookie}` };
    const csrf = csrfTokenFor(cookie.split(".")[0]!, process.env.APP_SECRET!);
    const forged = csrfTokenFor(randomUUID(), process.env.APP_SECRET!);
    const fields = { direction: "up", mode: "edit", slug: "speech-audio", name: "Forged", keywords: "forged" };
    for (const path of ACTIONS) {
      expect((await post(path, fields, headers)).status, `${path} without token`).toBe(403);
      expect((await post(path, { ...fields, csrf: forged }, headers)).status, `${path} forged token`).toBe(403);
      expect((await post(path, { ...fields, csrf }, { ...headers, origin: "https://evil.example" })).status, `${path} foreign origin`).toBe(403);
    }
    expect(await allSaved()).toEqual(before);
    expect(await testDb().topic.count({ where: { name: "Forged" } })).toBe(0);
    await page.goto(`${e2e.url}/admin/topics`);
    expect(await page.locator("h1").innerText()).toBe("Topics");
  });

  it("has no serious or critical accessibility violation on the new pages", async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true });
    await context.addCookies([{ name: cookieName, value: await sessionCookie(signedIn), url: e2e.url }]);
    const p = await context.newPage();
    const bad = "/admin/topics/preview?mode=add&slug=Bad&name=&keywords=";
    for (const path of ["/admin/topics", "/admin/topics?moved=done", "/admin/topics/speech-audio?saved=1", PREVIEW, bad, "/admin/ingest", "/admin/ingest?now=busy"]) {
      await p.goto(`${e2e.url}${path}`);
      expect(await p.locator("h1").count(), path).toBe(1);
      expect(await seriousAxeViolations(p), path).toEqual([]);
    }
    await context.close();
  });
});
