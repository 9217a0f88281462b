// The whole journey in Debian's Chromium against the BUILT app and the transactional worker, with mail going to the
// loopback SMTP server: subscribe on /, confirm from the mail's link, change topics, then unsubscribe by POSTing to
// the mail's List-Unsubscribe URL exactly as a mail provider does. Once with JavaScript, once without.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { queue, QUEUE } from "@/lib/queue/queues";
import { testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { linkInText, listUnsubscribeUrl } from "../helpers/mail-links";
import { useBuiltApp } from "../helpers/built-app";

const appUrl = process.env.APP_URL!;
const MIN_FILL_MS = 700;


const e2e = useBuiltApp({ env: { SIGNUP_MIN_FILL_MS: String(MIN_FILL_MS) }, worker: true, browser: true });

async function subscriber(email: string) {
  return testDb().subscriber.findUnique({ where: { email }, include: { topics: { include: { topic: true } } } });
}

/** Fills the signup form with the keyboard alone: Tab to each control, Space to tick, arrows for the radio group. */
async function subscribeByKeyboard(page: Page, email: string, weekly: boolean) {
  await page.goto(appUrl);
  const loadedAt = Date.now();
  await expect(page.locator("h1").textContent()).resolves.toBe("Get trending papers in your email inbox!");
  // The site's name (a link home) is the first tab stop, the e-mail field the next.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("/");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("email");
  await page.keyboard.type(email);
  // First two topics: Tab, Space; Tab, Space.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  // On to the frequency radio group (one tab stop), then the button.
  for (let i = 0; i < 40 && (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) !== "frequency"; i++) {
    await page.keyboard.press("Tab");
  }
  if (weekly) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.tagName)) !== "BUTTON"; i++) await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Subscribe");
  // A person takes longer than the minimum fill time; make sure of it.
  const wait = MIN_FILL_MS + 100 - (Date.now() - loadedAt);
  if (wait > 0) await page.waitForTimeout(wait);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Check your inbox" }).waitFor({ timeout: 15_000 });
}

for (const javaScriptEnabled of [true, false]) {
  describe(`subscriber journey with JavaScript ${javaScriptEnabled ? "enabled" : "disabled"}`, () => {
    const email = javaScriptEnabled ? "js-reader@example.org" : "nojs-reader@example.org";

    it("subscribes, confirms from the mail, changes topics, and leaves with a provider's one-click POST", async () => {
      const context = await e2e.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const firstTopics = (await testDb().topic.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], take: 3 })).map((t) => t.slug);

      // 1. Subscribe on the landing page, keyboard only.
      await subscribeByKeyboard(page, email, !javaScriptEnabled);
      if (javaScriptEnabled) {
        mkdirSync(path.resolve("test-results"), { recursive: true });
        await page.screenshot({ path: path.resolve("test-results/landing-after-subscribe.png") });
      }
      const pending = await subscriber(email);
      expect(pending?.status).toBe("PENDING");
      expect(pending?.frequency).toBe(javaScriptEnabled ? "DAILY" : "WEEKLY");
      expect(pending?.topics.map((t) => t.topic.slug).sort()).toEqual(firstTopics.slice(0, 2).sort());

      // 2. The worker sends the confirmation mail; nothing else arrives before confirming.
      await e2e.sink.waitFor(() => e2e.sink.mailsTo(email).length === 1);
      const confirmation = e2e.sink.mailsTo(email)[0]!;
      expect(confirmation.parsed.subject).toBe("Confirm your Paperboy subscription");
      const confirmUrl = linkInText(confirmation, "confirm");

      // 3. Following the link shows a button and changes nothing; pressing it confirms.
      const confirmResponse = await page.goto(confirmUrl);
      expect(confirmResponse?.headers()["referrer-policy"]).toBe("no-referrer");
      expect(confirmResponse?.headers()["cache-control"]).toContain("no-store");
      expect((await subscriber(email))?.status).toBe("PENDING");
      await page.getByRole("button", { name: "Confirm my subscription" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
      expect((await subscriber(email))?.status).toBe("ACTIVE");

      // 4. The welcome mail carries the manage link and the one-click headers.
      await e2e.sink.waitFor(() => e2e.sink.mailsTo(email).length === 2);
      const welcome = e2e.sink.mailsTo(email)[1]!;
      expect(welcome.parsed.subject).toBe("Welcome to Paperboy");
      const manageUrl = linkInText(welcome, "manage");

      // 5. Change topics and frequency on the preferences page.
      await page.goto(manageUrl);
      await page.getByRole("heading", { name: "Your Paperboy preferences" }).waitFor();
      const [, second, third] = firstTopics as [string, string, string];
      await page.locator(`#topic-${firstTopics[0]}`).uncheck();
      await page.locator(`#topic-${third}`).check();
      await page.locator(javaScriptEnabled ? "#frequency-weekly" : "#frequency-daily").check();
      await page.getByRole("button", { name: "Save preferences" }).click();
      await page.getByText("Your preferences are saved.").waitFor();
      const changed = await subscriber(email);
      expect(changed?.topics.map((t) => t.topic.slug).sort()).toEqual([second, third].sort());
      expect(changed?.frequency).toBe(javaScriptEnabled ? "WEEKLY" : "DAILY");
      expect(await page.locator(`#topic-${third}`).isChecked()).toBe(true);

      // 6. Unsubscribe exactly as a mail provider does (RFC 8058): a plain POST, no cookie, no redirect followed.
      const target = listUnsubscribeUrl(welcome);
      expect(welcome.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(target, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
          redirect: "manual",
        });
        expect(res.status).toBe(200);
        expect(await res.text()).toContain("You are unsubscribed");
      }
      const left = await subscriber(email);
      expect(left?.status).toBe("UNSUBSCRIBED");
      const withdrawals = await testDb().consentEvent.findMany({ where: { subscriberId: left!.id, kind: "UNSUBSCRIBE" } });
      expect(withdrawals.map((w) => w.source)).toEqual(["one-click"]);

      // The preferences page shows it, and offers the way back.
      await page.goto(manageUrl);
      await page.getByRole("button", { name: "Subscribe again" }).waitFor();
      await context.close();
      // Exactly two mails: confirmation and welcome. Once the worker has no job left, none can still be on its way.
      await waitForQueueIdle(queue(QUEUE.transactional));
      expect(e2e.sink.mailsTo(email)).toHaveLength(2);
    });
  });
}
