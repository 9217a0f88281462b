// /papers in a real browser with JavaScript off, served by the production build against the test database:
// the filter form and the date links work as plain GETs, LaTeX reads well, nothing from papers becomes markup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { appEnvironment, startApp, type Started } from "../helpers/app-processes";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { ingestPapers } from "@/lib/papers/ingest";

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
  it("lists the latest day's trending papers", async () => {
    const res = await page.goto(`${appUrl}/papers`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("Trending papers · 2025-03-14");
    expect(await page.locator("article.paper").count()).toBe(64);
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
    await page.goto(`${appUrl}/papers?date=2025-03-14&topic=llm-inference`);
    expect((await titles()).some((t) => t.startsWith("H₂O: Heavy-Hitter Oracle"))).toBe(true);
  });
});
