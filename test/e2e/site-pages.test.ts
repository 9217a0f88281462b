// Every page a reader meets, in Chromium against the production build, at a desktop (1280 px) and a phone (390 px)
// width: axe finds no serious or critical problem (tap targets included), nothing scrolls sideways on the phone, and
// each page has the site around it (the name linking home, the footer with who runs it, privacy and the archive, the
// favicon). Then what each page must say: visible topic descriptions, the landing list's order, masked addresses,
// the archive, the error summary taking focus. Screenshots go to test-results/pages/ (not committed).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { seriousAxeViolations, sidewaysOverflow } from "../helpers/axe";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { appEnvironment, startApp, type Started } from "../helpers/app-processes";
import { seedTopics } from "@/lib/topics/seed-topics";
import { TAXONOMY } from "@/lib/topics/taxonomy";
import { runIngest } from "@/lib/papers/run-ingest";
import { links } from "@/lib/tokens/tokens";

const appUrl = process.env.APP_URL!;
const shots = path.resolve("test-results/pages");
let app: Started;
let browser: Browser;
const urls: Record<string, string> = {};
let sentEdition = "";
let sendingEdition = "";
let emptyEdition = "";

async function edition(date: string, status: "DONE" | "SENDING", delivery: "SENT" | "SKIPPED", subscriberId: string, paperIds: string[]) {
  const e = await testDb().edition.create({ data: { date: new Date(`${date}T00:00:00Z`), frequency: "DAILY", status } });
  await testDb().delivery.create({
    data: {
      editionId: e.id, subscriberId, status: delivery, paperIds: delivery === "SENT" ? paperIds : [],
      reasons: paperIds.map(() => "Vision and images: weak match: arXiv cs.CV"), alsoTrendingIds: [], contentKey: delivery === "SENT" ? `key-${date}-abcdef` : null,
    },
  });
  return e.id;
}

beforeAll(async () => {
  const db = testDb();
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  const vision = await db.topic.findUniqueOrThrow({ where: { slug: "vision" } });
  const mk = (email: string, status: "ACTIVE" | "PENDING") =>
    db.subscriber.create({ data: { email, status, confirmedAt: status === "ACTIVE" ? new Date() : null, topics: { create: [{ topicId: vision.id }] } } });
  const active = await mk("grace.hopper@example.org", "ACTIVE");
  const pending = await mk("pending.reader@example.org", "PENDING");
  const paperIds = (await db.paper.findMany({ orderBy: { upvotes: "desc" }, take: 6, select: { id: true } })).map((p) => p.id);
  sentEdition = await edition("2025-03-14", "DONE", "SENT", active.id, paperIds);
  sendingEdition = await edition("2025-03-15", "SENDING", "SENT", active.id, paperIds);
  emptyEdition = await edition("2025-03-13", "DONE", "SKIPPED", active.id, paperIds);

  Object.assign(urls, {
    landing: `${appUrl}/`,
    papers: `${appUrl}/papers`,
    confirm: links.confirm(pending.id),
    manage: links.manage(active.id),
    unsubscribe: links.unsubscribe(active.id),
    edition: `${appUrl}/editions/${sentEdition}?v=key-2025-03-14-abcdef`,
    archive: `${appUrl}/editions`,
    privacy: `${appUrl}/privacy`,
    "not-found": `${appUrl}/no-such-page`,
  });
  app = await startApp(Number(new URL(appUrl).port), appEnvironment("smtp://127.0.0.1:9"));
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await closeTestDb();
});

async function open(width: number, url: string, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page; status: number }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, javaScriptEnabled });
  const page = await context.newPage();
  const res = await page.goto(url);
  return { context, page, status: res?.status() ?? 0 };
}

const PAGES = ["landing", "papers", "confirm", "manage", "unsubscribe", "edition", "archive", "privacy", "not-found"];

describe("every page, at 1280 and 390 px", () => {
  for (const name of PAGES) {
    for (const width of [1280, 390]) {
      it(`${name} at ${width} px: no serious axe violation${width === 390 ? ", no sideways scroll" : ""}, the site around it`, async () => {
        const { context, page, status } = await open(width, urls[name]!);
        try {
          expect(status).toBe(name === "not-found" ? 404 : 200);
          // /papers is many screens tall: its first screen is enough to look at.
          await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: name !== "papers" });
          expect(await seriousAxeViolations(page)).toEqual([]);
          if (width === 390) expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

          // The name links home; the footer says who runs the site and links privacy and the archive.
          const home = page.locator("header.site-header a", { hasText: "Paperboy" });
          expect(await home.getAttribute("href")).toBe("/");
          const footer = page.locator("footer.site-footer");
          expect(await footer.innerText()).toContain(process.env.POSTAL_ADDRESS!);
          expect(await footer.locator('a[href="/privacy"]').count()).toBe(1);
          expect(await footer.locator('a[href="/editions"]').count()).toBe(1);
          expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0);
        } finally {
          await context.close();
        }
      }, 60_000);
    }
  }
});

describe("what the pages say", () => {
  it("serves the favicon and a styled 404 page", async () => {
    const icon = await fetch(`${appUrl}/icon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    const { context, page } = await open(1280, urls["not-found"]!, false);
    expect(await page.locator("h1").innerText()).toBe("Page not found");
    expect(await page.locator('main a[href="/"]').count()).toBe(1);
    await context.close();
  });

  it("landing: topic descriptions are visible, the e-mail field has a placeholder, the list says its order and keeps it", async () => {
    const { context, page } = await open(390, urls.landing!, false);
    const first = TAXONOMY[0]!;
    const description = page.locator(`#topic-${first.slug}-description`);
    expect(await description.isVisible()).toBe(true);
    expect(await description.innerText()).toBe(first.description);
    expect(await page.locator(`#topic-${first.slug}`).getAttribute("aria-describedby")).toBe(`topic-${first.slug}-description`);
    expect(await page.locator("#email").getAttribute("placeholder")).toMatch(/@/);

    const list = page.locator("section.top-papers");
    expect(await list.innerText()).toMatch(/most upvoted first/i);
    // Each count has an accessible name ("94 upvotes"), and the counts go down the list.
    const names = await list.locator(".paper-votes").evaluateAll((ps) => ps.map((p) => p.querySelector(".visually-hidden")?.textContent ?? ""));
    expect(names.length).toBe(5);
    for (const n of names) expect(n).toMatch(/^\d+ upvotes?$/);
    expect(await list.locator(".paper-votes").first().ariaSnapshot()).toMatch(/\d+ upvotes?/);
    const counts = names.map((n) => parseInt(n, 10));
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    await context.close();
  });

  it("after a failed submit with JavaScript, focus moves to the error summary, scrolled into view", async () => {
    const { context, page } = await open(390, urls.landing!);
    await page.locator("#email").fill("not an address");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.locator("#signup-errors").waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "signup-errors", null, { timeout: 10_000 });
    const box = await page.evaluate(() => {
      const r = document.getElementById("signup-errors")!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: window.innerHeight };
    });
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.height);
    await page.screenshot({ path: path.join(shots, "landing-error-focus-390.png") });
    await context.close();
  });

  it("unsubscribe names the masked address; preferences do not open with Unsubscribe", async () => {
    const { context, page } = await open(1280, urls.unsubscribe!, false);
    const text = await page.locator("main").innerText();
    expect(text).toContain("g***@example.org");
    expect(text).not.toContain("grace.hopper");
    await page.goto(urls.manage!);
    const buttons = await page.locator("main button").allInnerTexts();
    expect(buttons[0]).toBe("Save preferences");
    expect(buttons.at(-1)).toBe("Unsubscribe");
    await context.close();
  });

  it("the archive lists finished editions that were sent, by date, and each edition invites to subscribe", async () => {
    const { context, page } = await open(1280, urls.archive!, false);
    const hrefs = await page.locator("main .archive-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual([`/editions/${sentEdition}`]);
    expect(hrefs).not.toContain(`/editions/${sendingEdition}`);
    expect(hrefs).not.toContain(`/editions/${emptyEdition}`);
    expect(await page.locator("main .archive-list a").first().innerText()).toBe("Friday, 14 March 2025");

    await page.locator("main .archive-list a").first().click();
    await page.locator("h1").waitFor();
    expect(page.url()).toBe(`${appUrl}/editions/${sentEdition}`);
    expect(await page.locator("article h3").count()).toBeGreaterThan(0);
    const cta = page.locator("main a", { hasText: "Subscribe" }).first();
    expect(await cta.getAttribute("href")).toBe("/");

    // The mail's own list (its "view in browser" link): reasons in a reader's words, not the stored evidence.
    await page.goto(urls.edition!);
    expect(await page.locator("article h3").count()).toBe(6);
    const main = await page.locator("main").innerText();
    expect(main).toContain("Why: Vision and images (a loose fit): listed on arXiv under Computer Vision");
    expect(main).not.toMatch(/weak match|cs\.CV/);
    expect(main).toMatch(/\d+ upvotes/);
    await context.close();
  });
});
