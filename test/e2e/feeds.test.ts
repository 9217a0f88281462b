// The feeds over real HTTP against the BUILT app: the public feeds are Atom a feed reader can read, and the personal
// feed is turned on, given a new address and turned off from the preferences page in Chromium without JavaScript,
// each older address refused like any bad link.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { links } from "@/lib/tokens/tokens";
import { testDb } from "../helpers/db";
import { useBuiltApp } from "../helpers/built-app";
import { parseAtom } from "../helpers/atom";

const e2e = useBuiltApp({ browser: true, ingest: true });
let manageUrl: string;
let page: Page;

beforeAll(async () => {
  const db = testDb();
  const vision = await db.topic.findUniqueOrThrow({ where: { slug: "vision" } });
  const s = await db.subscriber.create({
    data: { email: "feed-reader@example.org", status: "ACTIVE", confirmedAt: new Date(), topics: { create: [{ topicId: vision.id }] } },
  });
  manageUrl = links.manage(s.id);
  page = await (await e2e.browser.newContext({ javaScriptEnabled: false })).newPage();
});

async function getFeed(url: string) {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe("public feeds", () => {
  it("all trending papers: Atom, cacheable, best first", async () => {
    const res = await getFeed(`${e2e.url}/feeds/papers`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=900");
    const feed = parseAtom(res.body);
    expect(feed.entries.length).toBeGreaterThan(10);
    expect(feed.self).toBe(`${e2e.url}/feeds/papers`);
  });

  it("one topic: only its papers, with reasons; an unknown topic is a 404 page", async () => {
    const feed = parseAtom((await getFeed(`${e2e.url}/feeds/topics/vision`)).body);
    expect(feed.entries.length).toBeGreaterThan(0);
    for (const entry of feed.entries) {
      expect(entry.categories).toContain("vision");
      expect(entry.summary).toMatch(/^Computer vision\b/);
    }
    const missing = await getFeed(`${e2e.url}/feeds/topics/no-such-topic`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("There is no topic");
  });

  it("the papers page points feed readers at the feed", async () => {
    await page.goto(`${e2e.url}/papers?topic=vision`);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute("href")).toBe("/feeds/papers");
    expect(await page.getByRole("link", { name: /in a feed reader/ }).getAttribute("href")).toBe("/feeds/topics/vision");
  });
});

describe("the personal feed, from the preferences page without JavaScript", () => {
  const feedUrl = () => page.locator("#feed-url").inputValue();

  it("turns on, opens with no-store and no-referrer, and ranks the reader's topics with reasons", async () => {
    await page.goto(manageUrl);
    expect(await page.locator("#feed-url").count()).toBe(0);
    await page.getByRole("button", { name: "Turn on my feed" }).click();
    await page.getByRole("status").getByText("Your feed has a new secret address").waitFor();
    const url = await feedUrl();
    expect(url.startsWith(`${e2e.url}/feeds/personal/`)).toBe(true);
    const res = await getFeed(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const feed = parseAtom(res.body);
    expect(feed.id).toBe(url);
    expect(feed.entries.length).toBeGreaterThan(0);
    expect(feed.entries[0]!.summary).toMatch(/^Computer vision\b/);
  });

  it("a new address refuses the old one like any bad link; turning it off refuses every address", async () => {
    await page.goto(manageUrl);
    const old = await feedUrl();
    await page.getByRole("button", { name: /Make a new address/ }).click();
    await page.getByRole("status").getByText("Any older address no longer works").waitFor();
    const current = await feedUrl();
    expect(current).not.toBe(old);
    const refused = await getFeed(old);
    expect(refused.status).toBe(400);
    expect(refused.body).toBe((await getFeed(`${e2e.url}/feeds/personal/not-a-token`)).body);
    expect((await getFeed(current)).status).toBe(200);

    await page.getByRole("button", { name: "Turn my feed off" }).click();
    await page.getByRole("status").getByText("Your feed is off").waitFor();
    expect(await page.locator("#feed-url").count()).toBe(0);
    expect((await getFeed(current)).status).toBe(400);
  });
});
