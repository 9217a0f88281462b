// The front door against the BUILT app: / and /papers served from the cache (a second app instance that cannot reach
// the database still serves them), 503 with Retry-After and the form as it was sent when a sign-up cannot reach the
// database (never a 500), and a strict Content-Security-Policy on every page under which the pages work in Chromium
// with JavaScript (no violation reported).
import { createServer } from "node:net";
import type { Browser } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { launchChromium } from "../helpers/browser";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { flushPrefix } from "../helpers/redis";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { appEnvironment, startApp, startWorker, type Started } from "../helpers/app-processes";
import { linkInText } from "../helpers/mail-links";

const appUrl = process.env.APP_URL!;
const port = Number(new URL(appUrl).port);
const dbUrl = new URL(process.env.DATABASE_URL!);
// A role that may open no connection at all: the second app instance runs as it, so any database access fails.
const BLOCKED_ROLE = `${dbUrl.pathname.slice(1)}_no_connections`;

let sink: SmtpSink;
let app: Started;
let worker: Started;
let blocked: Started;
let blockedUrl: string;
let blockedDbUrl: string;
let browser: Browser;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function ensureBlockedRole() {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [BLOCKED_ROLE]);
  if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${BLOCKED_ROLE} LOGIN CONNECTION LIMIT 0`);
  await admin.end();
}

beforeAll(async () => {
  const db = testDb();
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  await flushPrefix();
  await ensureBlockedRole();
  sink = await startSmtpSink();
  const env = appEnvironment(sink.url);
  const blockedPort = await freePort();
  blockedUrl = `http://127.0.0.1:${blockedPort}`;
  const noDb = new URL(process.env.DATABASE_URL!);
  noDb.username = BLOCKED_ROLE;
  blockedDbUrl = noDb.toString();
  [app, worker, blocked] = await Promise.all([
    startApp(port, env),
    startWorker(env),
    startApp(blockedPort, appEnvironment(sink.url, { DATABASE_URL: blockedDbUrl, APP_URL: blockedUrl, DATABASE_POOL_TIMEOUT_MS: "2000" })),
  ]);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), worker?.stop(), blocked?.stop()]);
  await sink?.close();
  await closeTestDb();
  await flushPrefix();
});

/** The server action's hidden fields on the form, as a browser without JavaScript posts them. */
function actionFields(html: string): [string, string][] {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return [...html.matchAll(/<input type="hidden" name="(\$ACTION_[^"]*)"(?: value="([^"]*)")?\/?>/g)].map((m) => [m[1]!, decode(m[2] ?? "")]);
}

function formData(fields: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
}

const signupFields = (email: string, stamp = ""): [string, string][] => [
  ["email", email],
  ["topics", "llm-inference"],
  ["topics", "speech-audio"],
  ["frequency", "weekly"],
  ["website", ""],
  ["stamp", stamp],
];

describe("the front door", () => {
  it("serves / and /papers from the cache: an instance that cannot reach the database still serves them", async () => {
    // The first GETs render and fill the cache (shared through the build's cache directory).
    for (const path of ["/", "/papers", "/papers?date=2025-03-13&topic=speech-audio&page=1"]) {
      expect((await fetch(`${appUrl}${path}`)).status).toBe(200);
      const again = await fetch(`${appUrl}${path}`);
      expect(again.status).toBe(200);
      expect(again.headers.get("x-nextjs-cache")).toMatch(/HIT|STALE/);
    }

    // The second instance's role really cannot connect.
    const probe = new pg.Client({ connectionString: blockedDbUrl });
    await expect(probe.connect()).rejects.toThrow(/too many connections/);

    const home = await fetch(`${blockedUrl}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('name="topics" value="llm-inference"');
    expect(html).toMatch(/Trending papers(<!-- -->)? on 2025-03-14/);
    expect(home.headers.get("set-cookie")).toMatch(/pb_form_stamp=/);
    const papers = await fetch(`${blockedUrl}/papers?date=2025-03-13&topic=speech-audio`);
    expect(papers.status).toBe(200);
    expect(await papers.text()).toContain("FastSpeech 2");
    // The cached pages cannot be reached directly, only through / and /papers.
    expect((await fetch(`${appUrl}/cached/home/latest`)).status).toBe(404);
  });

  it("answers a sign-up it cannot store with 503, Retry-After and the form as it was sent (with and without JavaScript)", async () => {
    // The form as the first instance serves it (same build, same server action).
    const page = await fetch(`${appUrl}/`);
    const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
    const html = await page.text();
    const hidden = actionFields(html);
    expect(hidden.length).toBeGreaterThan(0);
    // The form's stamp: in the page's cookie, or in the page itself where a page carries one.
    const stamp = html.match(/name="stamp" value="([^"]*)"/)?.[1] ?? "";

    const plain = await fetch(`${blockedUrl}/`, {
      method: "POST",
      headers: { cookie, "x-forwarded-for": "192.0.2.10" },
      body: formData([...hidden, ...signupFields("busy-reader@example.org", stamp)]),
    });
    expect(plain.status).toBe(503);
    expect(plain.headers.get("retry-after")).toBe("30");
    expect(plain.headers.get("cache-control")).toBe("no-store");
    const body = await plain.text();
    expect(body).toContain("We are very busy right now");
    expect(body).toContain('value="busy-reader@example.org"');
    expect(body).toMatch(/id="topic-llm-inference"[^>]*checked=""/);
    expect(body).toMatch(/id="frequency-weekly"[^>]*checked=""/);

    const actionId = (JSON.parse(hidden.find(([k]) => /:0$/.test(k))![1]) as { id: string }).id;
    const state = (JSON.parse(hidden.find(([k]) => /:1$/.test(k))![1]) as unknown[])[0];
    const enhanced = await fetch(`${blockedUrl}/`, {
      method: "POST",
      headers: { cookie, "x-forwarded-for": "192.0.2.11", "next-action": actionId, accept: "text/x-component" },
      body: formData([
        ...[...hidden, ...signupFields("busy-js-reader@example.org", stamp)].map(([k, v]) => [`_1_${k}`, v] as [string, string]),
        ["0", JSON.stringify([state, "$K1"])],
      ]),
    });
    expect(enhanced.status).toBe(503);
    expect(enhanced.headers.get("retry-after")).toBe("30");
    const rsc = await enhanced.text();
    expect(rsc).toContain("We are very busy right now");
    expect(rsc).toContain("busy-js-reader@example.org");
    expect(await testDb().subscriber.count()).toBe(0);
  });

  it("sends a strict Content-Security-Policy with every page, next to the existing headers", async () => {
    const pages = ["/", "/papers", "/papers?page=2", "/goodbye", "/confirm/not-a-token", "/manage/not-a-token", "/unsubscribe/not-a-token"];
    for (const path of pages) {
      const res = await fetch(`${appUrl}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v] as const));
      expect(directives.get("script-src"), path).toBeDefined();
      expect(directives.get("script-src"), path).not.toContain("'unsafe-inline'");
      expect(directives.get("script-src"), path).not.toContain("'unsafe-eval'");
      expect(directives.get("form-action"), path).toEqual(["'self'"]);
      expect(directives.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(directives.get("base-uri"), path).toEqual(["'none'"]);
      expect(directives.get("object-src"), path).toEqual(["'none'"]);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      if (/^\/(confirm|manage|unsubscribe)\//.test(path)) {
        expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
        expect(res.headers.get("cache-control"), path).toBe("no-store");
      }
      // Every inline script on the page is one the policy names by hash.
      const html = await res.text();
      const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter(Boolean);
      const { createHash } = await import("node:crypto");
      for (const s of inline) expect(directives.get("script-src"), path).toContain(`'sha256-${createHash("sha256").update(s).digest("base64")}'`);
    }
  });

  it("works in Chromium with JavaScript under the policy: sign up without a page load, confirm, browse papers; no violation", async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    await context.addInitScript(() => {
      const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const problems: string[] = [];
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    const violations = async () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

    await page.goto(appUrl);
    // Hydrated: React attached its handlers, so the submit runs the action without a page load.
    await page.waitForFunction(() => Object.keys(document.querySelector("form.signup") ?? {}).some((k) => k.startsWith("__react")));
    await page.evaluate(() => ((window as unknown as { __stayed: boolean }).__stayed = true));
    await page.fill("#email", "csp-reader@example.org");
    await page.check("#topic-llm-inference");
    await page.click('button[type="submit"]');
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed)).toBe(true);
    expect(await violations()).toEqual([]);

    await sink.waitFor(() => sink.mailsTo("csp-reader@example.org").length === 1);
    await page.goto(linkInText(sink.mailsTo("csp-reader@example.org")[0]!, "confirm"));
    await page.getByRole("button").first().waitFor();
    expect(await violations()).toEqual([]);

    await page.goto(`${appUrl}/papers?date=2025-03-14&page=2`);
    await page.locator("details.paper-more summary").first().click();
    expect(await page.locator("details.paper-more").first().getAttribute("open")).not.toBeNull();
    expect(await violations()).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  });
});
