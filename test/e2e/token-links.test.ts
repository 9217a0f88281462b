// The link pages over real HTTP against the BUILT app (and in Chromium where a person would use them): the headers of
// token pages, one identical page for every bad token, GETs that change nothing, the one-click endpoint's contract,
// the preferences page's remaining actions, and errors on the signup form.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { signToken, links } from "@/lib/tokens/tokens";
import { emailHash } from "@/lib/subscribers/email-hash";
import { testDb } from "../helpers/db";
import { useBuiltApp } from "../helpers/built-app";

const appUrl = process.env.APP_URL!;

const e2e = useBuiltApp({ browser: true });

let active: { id: string; email: string };
let pending: { id: string; email: string; confirmationId: string };

beforeEach(async () => {
  const db = testDb();
  await db.consentEvent.deleteMany();
  await db.subscriber.deleteMany();
  await db.suppression.deleteMany();
  const vision = await db.topic.findUniqueOrThrow({ where: { slug: "vision" } });
  const mk = async (email: string, status: "ACTIVE" | "PENDING") => {
    const s = await db.subscriber.create({
      data: {
        email,
        status,
        confirmedAt: status === "ACTIVE" ? new Date() : null,
        confirmationId: status === "PENDING" ? randomUUID() : null,
        topics: { create: [{ topicId: vision.id }] },
      },
    });
    return { id: s.id, email, confirmationId: s.confirmationId ?? "" };
  };
  active = await mk("active@example.org", "ACTIVE");
  pending = await mk("pending@example.org", "PENDING");
});

const state = async (id: string) => {
  const s = await testDb().subscriber.findUnique({ where: { id }, include: { topics: true } });
  return s && { status: s.status, frequency: s.frequency, pausedUntil: s.pausedUntil, topics: s.topics.length, events: await testDb().consentEvent.count({ where: { subscriberId: id } }) };
};

/** Bad tokens of every kind for a subscriber: tampered, expired, wrong purpose, wrong key, garbage. */
function badTokens(id: string, purpose: "confirm" | "manage" | "unsubscribe"): Record<string, string> {
  const good = signToken({ purpose, subscriberId: id });
  const sig = good.split(".")[1]!;
  const flipped = `${good.split(".")[0]}.${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
  const other = purpose === "manage" ? "unsubscribe" : "manage";
  return {
    tampered: flipped,
    expired: signToken({ purpose, subscriberId: id, expiresAt: Math.floor(Date.now() / 1000) - 60 }),
    wrongPurpose: signToken({ purpose: other, subscriberId: id }),
    wrongKey: signToken({ purpose, subscriberId: id }, { current: "another-secret-0123456789abcdef0123456789", previous: [] }),
    otherSubscriberGone: signToken({ purpose, subscriberId: "00000000-0000-4000-8000-000000000000" }),
    garbage: "not-a-token",
  };
}

const mainOf = (html: string) => html.match(/<main[\s\S]*<\/main>/)?.[0] ?? "";

describe("token pages", () => {
  it("send Referrer-Policy: no-referrer and Cache-Control: no-store, valid token or not", async () => {
    const urls = [
      links.confirm(pending.confirmationId),
      links.manage(active.id),
      links.unsubscribe(active.id),
      `${appUrl}/confirm/bad`,
      `${appUrl}/manage/bad`,
      `${appUrl}/unsubscribe/bad`,
    ];
    for (const url of urls) {
      const res = await fetch(url, { redirect: "manual" });
      expect(res.headers.get("referrer-policy"), url).toBe("no-referrer");
      expect(res.headers.get("cache-control"), url).toMatch(/no-store/);
      expect(res.headers.get("set-cookie"), url).toBeNull();
    }
    const post = await fetch(links.unsubscribe(active.id), { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) });
    expect(post.headers.get("referrer-policy")).toBe("no-referrer");
    expect(post.headers.get("cache-control")).toMatch(/no-store/);
  });

  it("answer every bad token with one identical page and change nothing", async () => {
    const before = { active: await state(active.id), pending: await state(pending.id) };
    const routes: { purpose: "confirm" | "manage" | "unsubscribe"; id: string; get: (t: string) => string; post?: (t: string) => [string, RequestInit] }[] = [
      { purpose: "confirm", id: pending.confirmationId, get: (t) => `${appUrl}/confirm/${t}`, post: (t) => [`${appUrl}/confirm/${t}`, { method: "POST" }] },
      {
        purpose: "unsubscribe",
        id: active.id,
        get: (t) => `${appUrl}/unsubscribe/${t}`,
        post: (t) => [`${appUrl}/unsubscribe/${t}`, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) }],
      },
      {
        purpose: "manage",
        id: active.id,
        get: (t) => `${appUrl}/manage/${t}`,
        post: (t) => [`${appUrl}/manage/${t}/unsubscribe`, { method: "POST", body: new URLSearchParams({}) }],
      },
    ];
    for (const r of routes) {
      const gets = new Set<string>();
      const posts = new Set<string>();
      for (const [kind, token] of Object.entries(badTokens(r.id, r.purpose))) {
        if (r.purpose === "confirm" && kind === "otherSubscriberGone") {
          // A genuine confirmation link whose sign-up is gone (confirmed, unsubscribed since, erased) says so.
          for (const res of [await fetch(r.get(token)), await fetch(r.get(token), { method: "POST" })]) {
            expect([res.status, (await res.text()).includes("This confirmation link has been used")]).toEqual([200, true]);
          }
          continue;
        }
        const res = await fetch(r.get(token), { redirect: "manual" });
        const body = await res.text();
        expect(body, `${r.purpose} ${kind}`).toContain("This link does not work");
        gets.add(`${res.status} ${r.purpose === "manage" ? mainOf(body) : body}`);
        if (r.post) {
          const [url, init] = r.post(token);
          const p = await fetch(url, { ...init, redirect: "manual" });
          const text = await p.text();
          // A genuine one-click request for an erased subscriber is honoured as done: no mail goes there anyway.
          if (r.purpose === "unsubscribe" && kind === "otherSubscriberGone") expect([p.status, text.includes("You are unsubscribed")]).toEqual([200, true]);
          else posts.add(`${p.status} ${text}`);
        }
      }
      expect(gets.size, `${r.purpose}: GET pages differ by reason`).toBe(1);
      expect(posts.size, `${r.purpose}: POST answers differ by reason`).toBe(1);
      expect([...posts][0]).toMatch(/^400 .*This link does not work/s);
    }
    // Erase and preference changes with bad manage tokens do nothing either.
    for (const token of Object.values(badTokens(active.id, "manage"))) {
      for (const action of ["erase", "preferences", "pause", "export"]) {
        const res = await fetch(`${appUrl}/manage/${token}/${action}`, {
          method: "POST",
          body: new URLSearchParams({ "confirm-erase": "yes", topics: "reasoning", frequency: "weekly", until: "2027-01-01" }),
          redirect: "manual",
        });
        expect(res.status).toBe(400);
      }
    }
    expect({ active: await state(active.id), pending: await state(pending.id) }).toEqual(before);
  });

  it("never change anything on GET (mail scanners prefetch links)", async () => {
    const before = { active: await state(active.id), pending: await state(pending.id) };
    for (const url of [links.confirm(pending.confirmationId), links.unsubscribe(active.id), links.manage(active.id), `${links.manage(active.id)}/erase`, `${links.manage(active.id)}/unsubscribe`]) {
      await fetch(url, { redirect: "manual" });
      await fetch(url, { method: "HEAD", redirect: "manual" });
    }
    expect({ active: await state(active.id), pending: await state(pending.id) }).toEqual(before);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("accepts multipart and form-urlencoded bodies without a cookie, answers 200 without redirecting, and is idempotent", async () => {
    const url = links.unsubscribe(active.id, "11111111-1111-4111-8111-111111111111");
    const multipart = new FormData();
    multipart.set("List-Unsubscribe", "One-Click");
    const first = await fetch(url, { method: "POST", body: multipart, redirect: "manual" });
    expect(first.status).toBe(200);
    expect(first.headers.get("location")).toBeNull();
    expect((await state(active.id))?.status).toBe("UNSUBSCRIBED");
    const again = await fetch(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" }, redirect: "manual" });
    expect(again.status).toBe(200);
    const events = await testDb().consentEvent.findMany({ where: { subscriberId: active.id } });
    expect(events.map((e) => [e.kind, e.source, e.detail])).toEqual([["UNSUBSCRIBE", "one-click", "from edition 11111111-1111-4111-8111-111111111111"]]);
    expect(events[0]!.ip).toBe("127.0.0.1");
  });

  it("refuses a POST without List-Unsubscribe=One-Click and keeps the subscription", async () => {
    for (const body of ["", "List-Unsubscribe=Two-Clicks", "foo=bar"]) {
      const res = await fetch(links.unsubscribe(active.id), { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" }, redirect: "manual" });
      expect(res.status).toBe(400);
    }
    expect((await state(active.id))?.status).toBe("ACTIVE");
  });

  it("has a page with one button for people, which works without JavaScript", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(links.unsubscribe(active.id));
    expect((await state(active.id))?.status).toBe("ACTIVE");
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
    expect((await state(active.id))?.status).toBe("UNSUBSCRIBED");
    const ev = await testDb().consentEvent.findFirstOrThrow({ where: { subscriberId: active.id } });
    expect(ev.source).toBe("unsubscribe-page");
    await context.close();
  });
});

describe("preferences page (no JavaScript)", () => {
  it("pauses, resumes, refuses a past date, downloads my data, and deletes me", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    const page = await context.newPage();
    const manage = links.manage(active.id);
    await page.goto(manage);

    // A past date: the browser's own validation (min, required) stops the form, without JavaScript too ...
    await page.locator("#pause-until").fill("2020-01-01");
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    expect(await page.locator("#pause-until").evaluate((el) => (el as HTMLInputElement).validity.rangeUnderflow)).toBe(true);
    // ... and the server refuses it when a client skips that check, with the message on the page.
    const past = await fetch(`${manage}/pause`, { method: "POST", body: new URLSearchParams({ until: "2020-01-01" }), redirect: "manual" });
    expect(past.status).toBe(303);
    expect(past.headers.get("location")).toMatch(/\?error=pause-date$/);
    await page.goto(new URL(past.headers.get("location")!, appUrl).toString());
    await page.getByText("Please choose a day in the future").waitFor();
    expect((await state(active.id))?.pausedUntil).toBeNull();

    const until = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
    await page.locator("#pause-until").fill(until);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.getByText("Your digests are paused.").waitFor();
    expect((await state(active.id))?.pausedUntil?.toISOString().slice(0, 10)).toBe(until);
    expect(await page.locator("#subscription-status").textContent()).toContain(`paused until ${until}`);
    await page.getByRole("button", { name: "Resume now" }).click();
    await page.getByText("Your digests are running again.").waitFor();
    expect((await state(active.id))?.pausedUntil).toBeNull();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download my data (JSON)" }).click()]);
    const data = JSON.parse(readFileSync((await download.path())!, "utf8")) as { profile: { email: string }; consent: { events: { kind: string }[] }; topics: { slug: string }[] };
    expect(data.profile.email).toBe(active.email);
    expect(data.topics.map((t) => t.slug)).toEqual(["vision"]);
    expect(data.consent.events.map((e) => e.kind)).toEqual(["paused", "paused"]);

    // Deleting needs the box ticked (the browser enforces `required`; the server checks too).
    const unticked = await fetch(`${manage}/erase`, { method: "POST", body: new URLSearchParams({}), redirect: "manual" });
    expect(unticked.status).toBe(303);
    expect((await state(active.id))?.status).toBe("ACTIVE");
    await page.locator("#confirm-erase").check();
    await page.getByRole("button", { name: "Delete me" }).click();
    await page.getByRole("heading", { name: "Your data has been deleted" }).waitFor();
    expect(await state(active.id)).toBeNull();
    expect(await testDb().suppression.findUnique({ where: { emailHash: emailHash(active.email) } })).toMatchObject({ reason: "ERASED" });
    await page.goto(manage);
    await page.getByRole("heading", { name: "This link does not work" }).waitFor();
    await context.close();
  });
});

describe("landing page", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`shows errors on the form and keeps what was typed (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await e2e.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(appUrl);
      await page.locator("#email").fill("ada at example.org");
      await page.locator("#frequency-weekly").check();
      await page.getByRole("button", { name: "Subscribe" }).click();
      // (Next.js has its own role=alert route announcer, so the form's summary is found by id.)
      const alert = page.locator("#signup-errors");
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/Please check the form.*cannot contain spaces.*at least one topic/);
      expect(await page.locator("#email").inputValue()).toBe("ada at example.org");
      expect(await page.locator("#email").getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator("#email").getAttribute("aria-describedby")).toBe("email-error");
      expect(await page.locator("#frequency-weekly").isChecked()).toBe(true);
      expect(await testDb().subscriber.count()).toBe(2);
      await context.close();
    });
  }

  it("labels every control, keeps the honeypot out of reach, and drops a bot that fills it", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1100, height: 1000 } });
    const page = await context.newPage();
    await page.goto(appUrl);
    // Every visible input has a label a screen reader announces.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>("input:not([type=hidden])")]
        .filter((i) => !i.closest("[aria-hidden=true]"))
        .filter((i) => !(i.labels && i.labels.length > 0 && i.labels[0]!.textContent!.trim()))
        .map((i) => i.name),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.locator("#website").getAttribute("tabindex")).toBe("-1");
    if (process.env.PAPERBOY_UPDATE_SCREENSHOT === "1") {
      await page.screenshot({ path: path.resolve("docs/landing.png"), fullPage: true });
    } else {
      mkdirSync(path.resolve("test-results"), { recursive: true });
      await page.screenshot({ path: path.resolve("test-results/landing.png"), fullPage: true });
    }

    // The focus ring is visible on the button.
    await page.getByRole("button", { name: "Subscribe" }).focus();
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");

    await page.locator("#email").fill("bot@example.org");
    await page.locator("input[name=topics]").first().check();
    await page.evaluate(() => void ((document.getElementById("website") as HTMLInputElement).value = "http://spam.example"));
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    expect(await testDb().subscriber.count({ where: { email: "bot@example.org" } })).toBe(0);
    await context.close();
  });
});
