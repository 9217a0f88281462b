// /papers in a real browser with JavaScript off, served by the production build against the test database:
// the filter form, the date links and the pages work as plain GETs, LaTeX reads well, nothing from papers becomes
// markup, every page stays small and nothing scrolls sideways on a phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { appEnvironment, startApp, type Started } from "../helpers/app-processes";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { ingestPapers } from "@/lib/papers/ingest";
import { PAPERS_PAGE_SIZE } from "@/lib/papers/papers-url";

let app: Started;
const appUrl = process.env.APP_URL!;
let browser: Browser;
let page: Page;
const db = testDb();

beforeAll(async () => {
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  const hostile = {
    paper: {
      id: "2503.99998", title: "Speech <img src=x onerror=\"document.title='pwned'\"> for H$_2$O", summary: "Speech and audio, speech again. <b>bold?</b>",
      authors: [], publishedAt: "2025-03-13T10:00:00.000Z", submittedOnDailyAt: "2025-03-13T03:00:00.000Z", upvotes: 3, ai_keywords: ["speech"],
    },
  };
  await ingestPapers({ db, source: { name: "hf", async *pages() { yield { page: 1, items: [hostile] }; } } });
  // No mail is sent from /papers: the SMTP URL is never used.
  app = await startApp(Number(new URL(appUrl).port), appEnvironment("smtp://127.0.0.1:9"));
  browser = await launchChromium();
  page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await closeTestDb();
});

const titles = () => page.locator("article.paper h3").allInnerTexts();

describe("/papers in a browser without JavaScript", () => {
  it("lists the latest day's trending papers a page at a time, each page under 100 KB of HTML", async () => {
    const res = await page.goto(`${appUrl}/papers`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("Trending papers · 2025-03-14");
    expect(await page.locator("article.paper").count()).toBe(PAPERS_PAGE_SIZE);
    const seen = new Set(await page.locator("article.paper").evaluateAll((els) => els.map((e) => e.id)));
    const count = Math.ceil(64 / PAPERS_PAGE_SIZE);
    for (let n = 2; n <= count; n++) {
      await Promise.all([page.waitForURL(new RegExp(`page=${n}`)), page.click('a[rel="next"]')]);
      expect(await page.locator(".pagination").innerText()).toContain(`Page ${n} of ${count}`);
      for (const id of await page.locator("article.paper").evaluateAll((els) => els.map((e) => e.id))) seen.add(id);
    }
    expect(seen.size).toBe(64);
    expect(await page.locator('a[rel="next"]').count()).toBe(0);
    for (const path of ["/papers", "/papers?page=2", `/papers?page=${count}`, "/papers?date=2025-03-13", "/papers?date=2025-03-12"]) {
      const html = await (await fetch(`${appUrl}${path}`)).text();
      expect(Buffer.byteLength(html), path).toBeLessThan(100 * 1024);
    }
  }, 90_000);

  it("folds long abstracts behind a 'More' that opens without JavaScript", async () => {
    await page.goto(`${appUrl}/papers`);
    const first = page.locator("article.paper details.paper-more").first();
    expect(await first.getAttribute("open")).toBeNull();
    const tail = first.locator("p.paper-abstract");
    expect(await tail.isVisible()).toBe(false);
    await first.locator("summary").click();
    expect(await tail.isVisible()).toBe(true);
  });

  it("does not scroll sideways on a 390 px wide screen, with every abstract opened", async () => {
    const phone = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })).newPage();
    const pages = Array.from({ length: Math.ceil(64 / PAPERS_PAGE_SIZE) }, (_, i) => `/papers?page=${i + 1}`);
    for (const path of [...pages, "/papers?date=2025-03-13", "/papers?date=2025-03-12", "/"]) {
      await phone.goto(`${appUrl}${path}`);
      await phone.evaluate(() => document.querySelectorAll("details").forEach((d) => d.setAttribute("open", "")));
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
    await phone.context().close();
  });

  it("filters by topic and date through the form and the date links", async () => {
    await page.selectOption('select[name="topic"]', "speech-audio");
    await page.selectOption('select[name="date"]', "2025-03-13");
    await Promise.all([page.waitForURL(/\/papers\?/), page.click('button[type="submit"]')]);
    const url = new URL(page.url());
    expect(url.searchParams.get("topic")).toBe("speech-audio");
    expect(url.searchParams.get("date")).toBe("2025-03-13");
    const shown = await titles();
    expect(shown.length).toBeGreaterThan(1);
    expect(shown).toContain("FastSpeech 2: Fast and High-Quality End-to-End Text to Speech");
    const topicsPerPaper = await page.locator("article.paper ul.paper-topics").allInnerTexts();
    expect(topicsPerPaper.every((t) => t.includes("Speech and audio"))).toBe(true);

    await Promise.all([page.waitForURL(/date=2025-03-12/), page.click('nav a:has-text("2025-03-12")')]);
    expect(await page.locator("h1").innerText()).toBe("Trending papers · 2025-03-12");
    expect(new URL(page.url()).searchParams.get("topic")).toBe("speech-audio");
  });

  it("shows LaTeX as readable text and paper HTML as text", async () => {
    await page.goto(`${appUrl}/papers?date=2025-03-13&topic=speech-audio`);
    const shown = await titles();
    expect(shown).toContain(`Speech <img src=x onerror="document.title='pwned'"> for H₂O`);
    expect(await page.locator("article.paper img").count()).toBe(0);
    expect(await page.locator("article.paper b").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    const all: string[] = [];
    for (const n of [1, 2, 3]) {
      await page.goto(`${appUrl}/papers?date=2025-03-14&topic=llm-inference&page=${n}`);
      all.push(...(await titles()));
    }
    expect(all.some((t) => t.startsWith("H₂O: Heavy-Hitter Oracle"))).toBe(true);
  });
});
