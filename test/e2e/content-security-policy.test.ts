// The Content-Security-Policy against the BUILT app: every page (React pages, token pages, the bad-link and 404 pages,
// the answer to a sign-up without JavaScript) carries a strict policy next to the other protective headers, every
// script of a page carries that response's own nonce, and in Chromium, with JavaScript on and the policy enforced, no
// page reports a violation while the JavaScript sign-up still works.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { links } from "@/lib/tokens/tokens";
import { useBuiltApp } from "../helpers/built-app";

const appUrl = process.env.APP_URL!;
const pages: Record<string, { url: string; status: number }> = {};

const e2e = useBuiltApp({
  ingest: true,
  seed: async (db) => {
    const vision = await db.topic.findUniqueOrThrow({ where: { slug: "vision" } });
    const active = await db.subscriber.create({ data: { email: "ada@example.org", status: "ACTIVE", confirmedAt: new Date(), topics: { create: [{ topicId: vision.id }] } } });
    const pending = await db.subscriber.create({ data: { email: "pending@example.org", status: "PENDING", topics: { create: [{ topicId: vision.id }] } } });
    const edition = await db.edition.create({ data: { date: new Date("2025-03-14T00:00:00Z"), frequency: "DAILY", status: "DONE" } });
    const paperIds = (await db.paper.findMany({ take: 3, select: { id: true } })).map((p) => p.id);
    await db.delivery.create({ data: { editionId: edition.id, subscriberId: active.id, status: "SENT", paperIds, reasons: paperIds.map(() => "Vision and images: weak match: arXiv cs.CV"), alsoTrendingIds: [], contentKey: "key-2025-03-14-abcdef" } });
    Object.assign(pages, {
      landing: { url: `${appUrl}/`, status: 200 },
      papers: { url: `${appUrl}/papers`, status: 200 },
      archive: { url: `${appUrl}/editions`, status: 200 },
      edition: { url: `${appUrl}/editions/${edition.id}`, status: 200 },
      privacy: { url: `${appUrl}/privacy`, status: 200 },
      goodbye: { url: `${appUrl}/goodbye`, status: 200 },
      manage: { url: links.manage(active.id), status: 200 },
      confirm: { url: links.confirm(pending.id), status: 200 },
      unsubscribe: { url: links.unsubscribe(active.id), status: 200 },
      "bad link": { url: `${appUrl}/confirm/not-a-token`, status: 400 },
      "malformed path": { url: `${appUrl}/editions/%ZZ`, status: 400 },
      "not found": { url: `${appUrl}/no-such-page`, status: 404 },
    });
  },
  // With the page cache on: a cached page must carry a nonce of its own too.
  env: { PAGE_CACHE_TTL_MS: "600000" },
  worker: true,
  browser: true,
});

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

function expectStrictPolicy(policy: string | null, what: string): Map<string, string[]> {
  expect(policy, what).toBeTruthy();
  const d = directives(policy!);
  const scripts = d.get("script-src");
  expect(scripts, what).toBeDefined();
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  expect(scripts!.some((s) => /^'(nonce-|sha256-)/.test(s)) || scripts!.join(" ") === "'none'", what).toBe(true);
  expect(scripts!.filter((s) => !/^'(nonce-[A-Za-z0-9+/=]+|sha256-[A-Za-z0-9+/=]+|strict-dynamic|none)'$/.test(s)), `${what}: only nonces, hashes, 'strict-dynamic'`).toEqual([]);
  expect(d.get("style-src")?.filter((s) => s !== "'self'" && !/^'sha256-/.test(s)), what).toEqual([]);
  expect(d.get("object-src"), what).toEqual(["'none'"]);
  expect(d.get("base-uri"), what).toEqual(["'none'"]);
  expect(d.get("form-action"), what).toEqual(["'self'"]);
  expect(d.get("frame-ancestors"), what).toEqual(["'none'"]);
  return d;
}

describe("headers", () => {
  it("every page has a strict policy, nosniff, DENY and a referrer policy; token pages no-referrer and no-store", async () => {
    const nonces = new Set<string>();
    for (const [name, { url, status }] of Object.entries(pages)) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(url);
        const body = await res.text();
        expect(res.status, name).toBe(status);
        expect(res.headers.get("content-type"), name).toContain("text/html");
        const d = expectStrictPolicy(res.headers.get("content-security-policy"), name);
        expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
        expect(res.headers.get("x-frame-options"), name).toBe("DENY");
        expect(res.headers.get("referrer-policy"), name).toMatch(/^(no-referrer|strict-origin-when-cross-origin)$/);
        if (/\/(confirm|manage|unsubscribe)\//.test(url)) {
          expect(res.headers.get("referrer-policy"), name).toBe("no-referrer");
          expect(res.headers.get("cache-control"), name).toContain("no-store");
        }
        // Every script the page has carries this response's nonce; no page may reuse one.
        const nonce = d.get("script-src")!.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
        const scripts = [...body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        if (scripts.length) {
          expect(nonce, `${name}: a page with scripts has a nonce`).toBeTruthy();
          for (const tag of scripts) expect(tag, name).toContain(`nonce="${nonce}"`);
        }
        if (nonce) {
          expect(nonces.has(nonce), `${name}: a fresh nonce per response`).toBe(false);
          nonces.add(nonce);
        }
      }
    }
    expect(nonces.size).toBeGreaterThan(0);
  });
});

/** Records every violation the page reports, and Chromium's console errors (where a refused script shows up too). */
async function watchedPage(): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await e2e.browser.newContext({ javaScriptEnabled: true });
  await context.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  return { page, problems, close: () => context.close() };
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

describe("in Chromium, with JavaScript on and the policy enforced", () => {
  it("no page reports a violation, and the React pages hydrate", async () => {
    const { page, problems, close } = await watchedPage();
    try {
      for (const [name, { url, status }] of Object.entries(pages)) {
        const res = await page.goto(url);
        expect(res?.status(), name).toBe(status);
        await page.waitForLoadState("networkidle");
        expect(await violations(page), name).toEqual([]);
      }
      expect(problems).toEqual([]);
      // The policy is enforced and the watch sees what it refuses: an inline style the policy does not list.
      await page.evaluate(() => {
        const style = document.createElement("style");
        style.textContent = "body{color:red}";
        document.head.append(style);
      });
      await page.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length > 0, null, { timeout: 10_000 });
      expect((await violations(page)).join()).toMatch(/^style-src/);
    } finally {
      await close();
    }
  }, 90_000);

  it("the JavaScript sign-up goes through without a page load, and its confirmation mail arrives", async () => {
    const { page, problems, close } = await watchedPage();
    try {
      const email = "csp-reader@example.org";
      await page.goto(appUrl);
      await page.waitForLoadState("networkidle");
      // Set on this document only: still there after the answer means no page was loaded for it.
      await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
      await page.locator("#email").fill(email);
      await page.locator("#topic-vision").check();
      await page.getByRole("button", { name: "Subscribe" }).click();
      await page.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
      await e2e.sink.waitFor(() => e2e.sink.mailsTo(email).length === 1);
      expect(await violations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it("the answer to a sign-up without JavaScript carries the policy too", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(appUrl);
      await page.locator("#email").fill("nojs-csp@example.org");
      await page.locator("#topic-vision").check();
      const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Subscribe" }).click()]);
      await page.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 15_000 });
      expectStrictPolicy(await answer.headerValue("content-security-policy"), "the answer to the POST");
    } finally {
      await context.close();
    }
  }, 60_000);
});
