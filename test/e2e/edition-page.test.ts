// "View in browser", end to end: a digest goes out through SMTP to a local sink, and its "view in browser" link,
// opened in Chromium against the production build, shows the same papers as the mail, and nothing personal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { appEnvironment, startApp, type Started } from "../helpers/app-processes";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { addresses, createPapers, createSubscribers, paperSpecs, seedDigestTopics } from "../helpers/digest-fixtures";
import { resetEnvCache } from "@/lib/env";
import { closeSql, createSql, type Sql } from "@/lib/digest/pg-pool";
import { runEdition } from "@/lib/digest/run-edition";
import { createSender, createSmtpPool } from "@/lib/digest/runtime";
import type { SmtpPool } from "@/lib/mail/smtp-pool";

const DATE = "2025-03-14";
const appUrl = process.env.APP_URL!;
let app: Started;
let sink: SmtpSink;
let sql: Sql;
let pool: SmtpPool;
let browser: Browser;
let page: Page;
let html = "";
let text = "";

beforeAll(async () => {
  const db = testDb();
  await resetDb(db);
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvCache();
  const topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, paperSpecs(DATE, 8, ["llm-inference", "reasoning"]));
  const [email] = addresses(1);
  await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: email!, topics: ["llm-inference"] }]);

  sql = createSql(process.env.DATABASE_URL!);
  const jobs: string[][] = [];
  await runEdition(
    { db, sql, enqueue: async (js) => void jobs.push(...js.map((j) => j.deliveryIds)), topN: 5, alsoTrending: 2, skipEmpty: true },
    DATE,
    "DAILY",
  );
  pool = createSmtpPool({ size: 1 });
  const sender = createSender(pool, { sql, moreBatchesQueued: async () => false });
  for (const ids of jobs) await sender.sendBatch(ids);
  const mail = sink.mailsTo(email!)[0]!;
  html = String(mail.parsed.html);
  text = mail.parsed.text ?? "";

  app = await startApp(Number(new URL(appUrl).port), appEnvironment(sink.url));
  browser = await launchChromium();
  // A link followed from a mail client: no JavaScript needed.
  page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  pool?.close();
  await closeSql();
  await sql?.end();
  await sink?.close();
  await closeTestDb();
});

describe("view in browser", () => {
  it("shows the papers of the mail it was linked from, and no personal links", async () => {
    const link = /href="([^"]*\/editions\/[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(link).toBeTruthy();
    expect(link!.startsWith(`${appUrl}/editions/`)).toBe(true);
    const res = await page.goto(link!);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("Trending today");
    expect(await page.locator("main > p").first().innerText()).toBe("Friday, 14 March 2025");

    const shown = await page.locator("article h3").allInnerTexts();
    // The mail's own papers plus its "also trending" ones, in the mail's order.
    const delivery = await testDb().delivery.findFirstOrThrow({ select: { paperIds: true, alsoTrendingIds: true } });
    expect(delivery.paperIds.length).toBeGreaterThan(0);
    expect(delivery.alsoTrendingIds.length).toBe(2);
    expect(shown.length).toBe(delivery.paperIds.length + 2);
    const positions = shown.map((title) => text.indexOf(title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(await page.locator("text=Why: LLM inference and efficiency").count()).toBe(delivery.paperIds.length);

    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.some((h) => /\/(manage|unsubscribe)\//.test(h))).toBe(false);
    expect(await page.content()).not.toContain("@example.org");
  });

  it("answers 404 for an edition that does not exist", async () => {
    const res = await page.goto(`${appUrl}/editions/00000000-0000-4000-8000-000000000000`);
    expect(res?.status()).toBe(404);
  });
});
