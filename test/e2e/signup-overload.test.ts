// A crowd of sign-ups against the BUILT app with a small bound (one at a time, two waiting): the ones past the bound
// are answered 503 with Retry-After and a page saying to try again, never a 500; every "Check your inbox" means the
// row exists and its confirmation mail went out; a turned-away address has no row.
import { expect, it } from "vitest";
import { queue, QUEUE } from "@/lib/queue/queues";
import { testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { useBuiltApp } from "../helpers/built-app";
import { formOfPage, multipart, rawRequest, visitorFields } from "../helpers/forms";

const appUrl = process.env.APP_URL!;
const port = Number(new URL(appUrl).port);
const MIN_FILL_MS = 2_000;
const CROWD = 40;

const e2e = useBuiltApp({
  env: {
    SIGNUP_MIN_FILL_MS: String(MIN_FILL_MS),
    SIGNUP_CONCURRENCY: "1",
    SIGNUP_MAX_PENDING: "2",
    PAGE_CACHE_TTL_MS: "10000",
  },
  worker: true,
});

const raw = rawRequest(port);

it("turns the excess away with 503 and Retry-After, never 500, and keeps every sign-up it accepted", async () => {
  const forms: [string, string][][] = [];
  while (forms.length < CROWD) forms.push(...(await Promise.all([formOfPage(raw), formOfPage(raw), formOfPage(raw), formOfPage(raw)])));
  await new Promise((r) => setTimeout(r, MIN_FILL_MS + 200));

  const emails = forms.map((_, i) => `crowd-${i}@example.org`);
  const answers = await Promise.all(
    forms.map((form, i) => {
      const { body, type } = multipart([...form, ...visitorFields(emails[i]!)]);
      return raw("POST", "/", body, { "content-type": type, "x-forwarded-for": `198.51.100.${i + 1}`, origin: appUrl });
    }),
  );

  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s >= 500 && s !== 503), JSON.stringify(statuses)).toEqual([]);
  const busy = answers.flatMap((a, i) => (a.status === 503 ? [i] : []));
  const accepted = answers.flatMap((a, i) => (a.status === 200 && a.body.includes("Check your inbox") ? [i] : []));
  expect(busy.length, JSON.stringify(statuses)).toBeGreaterThan(0);
  expect(accepted.length, JSON.stringify(statuses)).toBeGreaterThan(0);
  expect(busy.length + accepted.length, JSON.stringify(statuses)).toBe(CROWD);
  for (const i of busy) {
    expect(Number(answers[i]!.headers["retry-after"])).toBeGreaterThan(0);
    expect(answers[i]!.body).toContain("Busy right now");
    expect(answers[i]!.body).toContain("keeps what you typed");
  }

  await waitForQueueIdle(queue(QUEUE.transactional));
  const db = testDb();
  for (const i of accepted) {
    expect(await db.subscriber.count({ where: { email: emails[i]! } }), emails[i]).toBe(1);
    await e2e.sink.waitFor(() => e2e.sink.mailsTo(emails[i]!).length === 1);
  }
  for (const i of busy) expect(await db.subscriber.count({ where: { email: emails[i]! } }), emails[i]).toBe(0);
  expect(e2e.app.output()).not.toMatch(/P2028|request failed/);
}, 120_000);
