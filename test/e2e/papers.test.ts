// /papers in a real browser, served by the production build against the test database: with JavaScript off the
// filter form, the day links and the page links work as plain GETs, long abstracts open with "More", LaTeX reads well
// and nothing from papers becomes markup; with JavaScript on, paging and "More" work from the keyboard. Every page
// stays small, and a bad address gets a 4xx page saying what is wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { appEnvironment, startApp, type Started } from "../helpers/app-processes";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { ingestPapers } from "@/lib/papers/ingest";
import { readableText } from "@/lib/papers/readable-text";

let app: Started;
const appUrl = process.env.APP_URL!;
let browser: Browser;
let page: Page;
let jsContext: BrowserContext | undefined;
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
  await jsContext?.close();
  await browser?.close();
  await app?.stop();
  await closeTestDb();
});

const titles = () => page.locator("article.paper h3").allInnerTexts();

describe("/papers in a browser without JavaScript", () => {
  it("lists the latest day's trending papers ten to a page, every paper once, in trending order", async () => {
    const res = await page.goto(`${appUrl}/papers`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("Trending papers · 2025-03-14");
    const expected = (
      await db.paper.findMany({ where: { dailyDate: new Date("2025-03-14") }, orderBy: [{ trendingScore: "desc" }, { upvotes: "desc" }, { id: "asc" }], select: { id: true } })
    ).map((p) => `paper-${p.id}`);
    expect(expected).toHaveLength(64);
    const pager = page.locator('nav[aria-label="Pages of papers"]');
    const seen: string[] = [];
    for (let n = 1; n <= 7; n++) {
      expect(await page.locator("article.paper").count()).toBe(n < 7 ? 10 : 4);
      expect(await pager.locator('[aria-current="page"]').innerText()).toContain(String(n));
      seen.push(...(await page.locator("article.paper").evaluateAll((as) => as.map((a) => a.id))));
      expect(await pager.locator('a[rel="prev"]').count()).toBe(n > 1 ? 1 : 0);
      if (n < 7) await Promise.all([page.waitForURL(new RegExp(`page=${n + 1}`)), pager.locator('a[rel="next"]').click()]);
      else expect(await pager.locator('a[rel="next"]').count()).toBe(0);
    }
    expect(seen).toEqual(expected);
    // Numbered links: every page from 1 to 7.
    const numbers = await pager.locator("a:not([rel])").allInnerTexts();
    expect(numbers.map((t) => t.replace(/\D/g, ""))).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    await Promise.all([page.waitForURL(/page=3/), pager.locator("a", { hasText: /^\s*Page 3\s*$/ }).click()]);
    expect(await pager.locator('[aria-current="page"]').innerText()).toContain("3");
    await Promise.all([page.waitForURL((u) => !u.searchParams.has("page")), pager.locator("a", { hasText: /^\s*Page 1\s*$/ }).click()]);
    expect(await pager.locator('[aria-current="page"]').innerText()).toContain("1");
  });

  it("keeps every page's HTML under 100 KB", async () => {
    for (const q of ["", "?page=2", "?page=7", "?date=2025-03-13", "?date=2025-03-13&page=4"]) {
      const res = await fetch(`${appUrl}/papers${q}`);
      expect(res.status).toBe(200);
      const bytes = Buffer.byteLength(await res.text());
      expect(bytes, `/papers${q}`).toBeLessThan(100_000);
    }
  });

  it("folds a long abstract behind More, which shows the rest without JavaScript", async () => {
    await page.goto(`${appUrl}/papers`);
    const card = page.locator("article.paper", { has: page.locator("details") }).first();
    const id = (await card.getAttribute("id"))!.replace(/^paper-/, "");
    const words = (t: string) => t.replace(/\s+/g, " ").trim();
    const full = words(readableText((await db.paper.findUniqueOrThrow({ where: { id } })).summary));
    const rest = card.locator("details > p");
    expect(await rest.isVisible()).toBe(false);
    const lead = words(await card.locator(".paper-abstract > p").innerText());
    expect(lead.length).toBeLessThan(full.length);
    expect(full.startsWith(lead.replace(/…$/, ""))).toBe(true);
    await card.locator("summary").click();
    expect(await rest.isVisible()).toBe(true);
    const shown = words(`${lead} ${await rest.innerText()}`.replace(/…\s…/, " "));
    expect(shown).toBe(full);
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

  it("keeps the topic and the day in the page links", async () => {
    await page.goto(`${appUrl}/papers?topic=llm-inference&date=2025-03-14`);
    const expected = await db.paper.count({ where: { dailyDate: new Date("2025-03-14"), topics: { some: { topic: { slug: "llm-inference" } } } } });
    expect(expected).toBeGreaterThan(10);
    const hrefs = await page.locator('nav[aria-label="Pages of papers"] a').evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const h of hrefs) {
      const u = new URL(h, appUrl);
      expect(u.searchParams.get("topic")).toBe("llm-inference");
      expect(u.searchParams.get("date")).toBe("2025-03-14");
    }
    await Promise.all([page.waitForURL(/page=2/), page.locator('nav[aria-label="Pages of papers"] a[rel="next"]').click()]);
    expect(await page.locator('select[name="topic"]').inputValue()).toBe("llm-inference");
    const topicsPerPaper = await page.locator("article.paper ul.paper-topics").allInnerTexts();
    expect(topicsPerPaper.length).toBe(Math.min(10, expected - 10));
    expect(topicsPerPaper.every((t) => t.includes("LLM inference"))).toBe(true);
  });

  // A malformed parameter gets 400 (from proxy.ts). A well-formed one naming what is not there gets 200 with the
  // notice: Next.js 16's notFound() sends a 404 whose body is blank without JavaScript.
  it("answers a bad address with a page that says what is wrong and links to the first page", async () => {
    const cases: [string, number, RegExp][] = [
      ["page=0", 400, /“0” is not a page number/],
      ["page=abc", 400, /“abc” is not a page number/],
      ["page=-1", 400, /not a page number/],
      ["page=99", 200, /There is no page 99: the papers on 2025-03-14 fill 7 pages/],
      ["date=2025-03-13&page=6", 200, /There is no page 6: the papers on 2025-03-13 fill 5 pages/],
      ["topic=no-such-topic", 200, /There is no topic “no-such-topic”/],
      ["topic=%3Cscript%3E", 400, /There is no topic “<script>”/],
      ["date=2025-02-30", 400, /“2025-02-30” is not a day/],
      ["date=yesterday", 400, /“yesterday” is not a day/],
    ];
    for (const [q, status, message] of cases) {
      const res = await page.goto(`${appUrl}/papers?${q}`);
      expect(res?.status(), q).toBe(status);
      expect(await page.locator("main").innerText(), q).toMatch(message);
      expect(await page.locator('main a[href="/papers"]').innerText(), q).toBe("Go to the first page of trending papers");
      // The same without a browser: the message is in the HTML itself, not added by a script.
      const html = await (await fetch(`${appUrl}/papers?${q}`)).text();
      expect(html, q).toContain("Go to the first page of trending papers");
    }
    expect(await page.title()).not.toBe("pwned");
  });

  it("shows LaTeX as readable text and paper HTML as text", async () => {
    await page.goto(`${appUrl}/papers?date=2025-03-13&topic=speech-audio`);
    const shown = await titles();
    expect(shown).toContain(`Speech <img src=x onerror="document.title='pwned'"> for H₂O`);
    expect(await page.locator("article.paper img").count()).toBe(0);
    expect(await page.locator("article.paper b").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    // The H₂O paper is on one of the topic's pages: follow the Next links to it.
    await page.goto(`${appUrl}/papers?date=2025-03-14&topic=llm-inference`);
    const all = await titles();
    for (let n = 2; (await page.locator('a[rel="next"]').count()) > 0; n++) {
      await Promise.all([page.waitForURL(new RegExp(`page=${n}$`)), page.locator('a[rel="next"]').click()]);
      all.push(...(await titles()));
    }
    expect(all.some((t) => t.startsWith("H₂O: Heavy-Hitter Oracle"))).toBe(true);
  });
});

describe("/papers in a browser with JavaScript, by keyboard", () => {
  it("pages with Enter on the page links and opens More with Enter", async () => {
    jsContext = await browser.newContext({ javaScriptEnabled: true });
    const js = await jsContext.newPage();
    await js.goto(`${appUrl}/papers?date=2025-03-14`);
    const pager = js.locator('nav[aria-label="Pages of papers"]');
    await pager.locator('a[rel="next"]').focus();
    await Promise.all([js.waitForURL(/page=2/), js.keyboard.press("Enter")]);
    expect(await pager.locator('[aria-current="page"]').innerText()).toContain("2");
    expect(new URL(js.url()).searchParams.get("date")).toBe("2025-03-14");

    // Tab from the previous link reaches page 1, then page 2 ... : the numbered links are in the tab order.
    await pager.locator('a[rel="prev"]').focus();
    await js.keyboard.press("Tab");
    await js.keyboard.press("Tab");
    await js.keyboard.press("Tab");
    expect(await js.evaluate(() => document.activeElement?.textContent)).toBe("Page 3");
    await Promise.all([js.waitForURL(/page=3/), js.keyboard.press("Enter")]);
    expect(await pager.locator('[aria-current="page"]').innerText()).toContain("3");

    const details = js.locator("article.paper details").first();
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await details.locator("summary").focus();
    await js.keyboard.press("Enter");
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await details.locator("p").isVisible()).toBe(true);
  });
});
