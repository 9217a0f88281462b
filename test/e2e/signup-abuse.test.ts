// Abuse of the front door against the BUILT app over raw HTTP (and Chromium where a person is meant): malformed
// paths and server-action calls get the bad-link page and never a 500; a too-fast submission gets the form back,
// with and without JavaScript; and the sign-up answer tells nothing about the address (status, headers, body and
// median time the same for new, pending, confirmed, unsubscribed, erased and suppressed addresses).
import { describe, expect, it } from "vitest";
import { queue, QUEUE } from "@/lib/queue/queues";
import { emailHash } from "@/lib/subscribers/email-hash";
import { testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { useBuiltApp } from "../helpers/built-app";
import { formOfPage, multipart, rawRequest, visitorFields } from "../helpers/forms";

const appUrl = process.env.APP_URL!;
const port = Number(new URL(appUrl).port);
// Long enough that loading the page and filling it in is surely quicker, beside a CPU hog too.
const MIN_FILL_MS = 15_000;
// Every sign-up answer is padded to this floor: above what one sign-up costs on a busy machine, so that the medians
// compared below measure the padding, not the load of the moment.
const RESPONSE_FLOOR_MS = 800;

const e2e = useBuiltApp({
  // The per-address limit is raised so that twenty tries per address measure the address's state, not the limit.
  // The page cache is on, as in production.
  env: {
    SIGNUP_MIN_FILL_MS: String(MIN_FILL_MS),
    SIGNUP_RESPONSE_FLOOR_MS: String(RESPONSE_FLOOR_MS),
    RATE_LIMIT_PER_ADDRESS_PER_HOUR: "1000",
    PAGE_CACHE_TTL_MS: "10000",
  },
  worker: true,
  browser: true,
});

const raw = rawRequest(port);

describe("malformed input", () => {
  it("answers malformed paths, GET and POST, with the bad-link page and a 4xx", async () => {
    const badLink = await raw("GET", "/confirm/not-a-token");
    expect(badLink.status).toBe(400);
    expect(badLink.body).toContain("This link does not work");
    const paths = ["/editions/%ZZ", "/confirm/%ZZ", "/manage/%ZZ", "/unsubscribe/%ZZ", "/manage/%ZZ/export", "/confirm/%E0%A4%A", "/manage/%C0%AE%C0%AE"];
    for (const path of paths) {
      for (const method of ["GET", "POST"]) {
        const res = await raw(method, path, method === "POST" ? "List-Unsubscribe=One-Click" : undefined, method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {});
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(res.body, `${method} ${path}`).toBe(badLink.body);
      }
    }
  });

  it("answers a server action called with arguments that are not a form with a 4xx", async () => {
    const home = await raw("GET", "/");
    const id = home.body.match(/&quot;id&quot;:&quot;([0-9a-f]+)&quot;/)?.[1];
    expect(id).toBeTruthy();
    const badLink = await raw("GET", "/confirm/not-a-token");
    for (const body of ['["$undefined","not a form"]', "[1,2]", "[]", "not json at all"]) {
      const res = await raw("POST", "/", body, { "next-action": id!, "content-type": "text/plain;charset=UTF-8", origin: appUrl });
      expect(res.status, body).toBe(400);
      expect(res.body).toBe(badLink.body);
    }
    // Multipart, but the arguments are still not a form.
    const { body, type } = multipart([["0", '["$undefined","not a form"]']], "----paperboy");
    const res = await raw("POST", "/", body, { "next-action": id!, "content-type": type, origin: appUrl });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(e2e.app.output()).not.toMatch(/TypeError|Cannot read properties/);
  });
});

describe("an oversized form", () => {
  it("answers a plain sign-up far larger than any form with 413, saving nothing", async () => {
    const fields: [string, string][] = [...(await formOfPage(raw)), ...visitorFields("oversized@example.org"), ["padding", "x".repeat(100_000)]];
    const { body, type } = multipart(fields);
    const res = await raw("POST", "/", body, { "content-type": type, origin: appUrl });
    expect(res.status).toBe(413);
    expect(res.body).toContain("Form too large");
    expect(await testDb().subscriber.count({ where: { email: "oversized@example.org" } })).toBe(0);
  });
});

describe("a submission faster than the minimum fill time", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`gets the form back, filled in, and goes through when pressed again (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const email = `quick-${javaScriptEnabled ? "js" : "nojs"}@example.org`;
      const context = await e2e.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(appUrl); // warms the server and the browser's cache: the timed visit below is a quick one
      await page.goto(appUrl);
      await page.locator("#email").fill(email);
      await page.locator("#topic-vision").check();
      await page.locator("#frequency-weekly").check();
      await page.getByRole("button", { name: "Subscribe" }).click();

      await page.getByRole("alert").filter({ hasText: "press Subscribe once more" }).waitFor({ timeout: 60_000 });
      const askedAt = Date.now();
      expect(await page.locator("#email").inputValue()).toBe(email);
      expect(await page.locator("#topic-vision").isChecked()).toBe(true);
      expect(await page.locator("#frequency-weekly").isChecked()).toBe(true);
      expect(await testDb().subscriber.count({ where: { email } })).toBe(0);

      // A person reads the message and presses again (the fresh stamp must age like any other).
      await page.waitForTimeout(Math.max(0, MIN_FILL_MS + 200 - (Date.now() - askedAt)));
      await page.getByRole("button", { name: "Subscribe" }).click();
      await page.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 60_000 });
      expect(await testDb().subscriber.count({ where: { email } })).toBe(1);
      await e2e.sink.waitFor(() => e2e.sink.mailsTo(email).length === 1);
      await context.close();
    }, 150_000);
  }
});

describe("no enumeration", () => {
  it("answers new, pending, confirmed, unsubscribed, erased and suppressed addresses alike, in the same median time", async () => {
    const db = testDb();
    const vision = await db.topic.findUniqueOrThrow({ where: { slug: "vision" } });
    const row = (email: string, status: "PENDING" | "ACTIVE" | "UNSUBSCRIBED") =>
      db.subscriber.create({ data: { email, status, confirmedAt: status === "PENDING" ? null : new Date(), topics: { create: [{ topicId: vision.id }] } } });
    await row("pending@example.org", "PENDING");
    await row("confirmed@example.org", "ACTIVE");
    await row("unsubscribed@example.org", "UNSUBSCRIBED");
    await db.suppression.create({ data: { emailHash: emailHash("erased@example.org"), reason: "ERASED" } });
    await db.suppression.create({ data: { emailHash: emailHash("bounced@example.org"), reason: "HARD_BOUNCE" } });

    const kinds = ["new", "pending", "confirmed", "unsubscribed", "erased", "bounced"] as const;
    const tries = 20;
    // Every submission needs its own stamp, aged past the minimum fill time.
    const forms: [string, string][][] = [];
    while (forms.length < tries * kinds.length) forms.push(...(await Promise.all([formOfPage(raw), formOfPage(raw), formOfPage(raw), formOfPage(raw)])));
    await new Promise((r) => setTimeout(r, MIN_FILL_MS + 100));

    const times: Record<string, number[]> = {};
    const answers = new Set<string>();
    let n = 0;
    for (let t = 0; t < tries; t++) {
      for (const kind of kinds) {
        const email = kind === "new" ? `new-${t}@example.org` : `${kind}@example.org`;
        const { body, type } = multipart([...forms[n]!, ...visitorFields(email)]);
        const t0 = performance.now();
        const res = await raw("POST", "/", body, { "content-type": type, "x-forwarded-for": `198.51.${100 + (n >> 8)}.${n & 255}`, origin: appUrl });
        (times[kind] ??= []).push(performance.now() - t0);
        n++;
        // The only per-request parts of the answer are the next form stamp and the policy's nonce (random by design).
        const nonce = String(res.headers["content-security-policy"]).match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
        expect(nonce, "the answer's policy has a nonce").toBeTruthy();
        const blankNonce = (v: string) => v.replaceAll(nonce!, "NONCE");
        const headers = Object.entries(res.headers).filter(([k]) => !["date", "content-length"].includes(k)).map(([k, v]) => [k, typeof v === "string" ? blankNonce(v) : v]).sort();
        const page = blankNonce(res.body.replace(/[0-9a-z]+\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{22}/g, "STAMP"));
        // Accepted, as every address is: sent on to the check-your-inbox page (POST-redirect-GET).
        expect([res.status, res.headers.location], kind).toEqual([303, "/check-your-inbox"]);
        answers.add(JSON.stringify([res.status, headers, page]));
      }
    }
    expect(answers.size).toBe(1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const medians = Object.fromEntries(kinds.map((k) => [k, Math.round(median(times[k]!))]));
    const spread = Math.max(...Object.values(medians)) - Math.min(...Object.values(medians));
    // An answer that skipped the padding or did visibly more work would stand out by hundreds of milliseconds; a
    // busy machine moves every median by tens of them.
    expect(spread, JSON.stringify(medians)).toBeLessThan(RESPONSE_FLOOR_MS / 4);
    // What the answers hide: mail went only where it may. Every mail job has run before anything is counted.
    await waitForQueueIdle(queue(QUEUE.transactional));
    await e2e.sink.waitFor(() => e2e.sink.mailsTo("erased@example.org").length === 1 && e2e.sink.mailsTo("pending@example.org").length === 1);
    expect(e2e.sink.mailsTo("erased@example.org")).toHaveLength(1);
    expect(e2e.sink.mailsTo("pending@example.org")).toHaveLength(1);
    expect(e2e.sink.mailsTo("bounced@example.org")).toHaveLength(0);
    expect(e2e.sink.mailsTo("confirmed@example.org")).toHaveLength(0);
  }, 300_000);
});
