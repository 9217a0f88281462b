// A crowd of sign-ups against the BUILT app with a small bound (one at a time, two waiting): the ones past the bound
// are answered 503 with Retry-After and a page saying to try again, never a 500; every "Check your inbox" means the
// row exists and its confirmation mail went out; a turned-away address has no row.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeQueues, queue, QUEUE } from "@/lib/queue/queues";
import { seedTopics } from "@/lib/topics/seed-topics";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { appEnvironment, startApp, startWorker, type Started } from "../helpers/app-processes";

const appUrl = process.env.APP_URL!;
const port = Number(new URL(appUrl).port);
const MIN_FILL_MS = 2_000;
const CROWD = 40;
let sink: SmtpSink;
let app: Started;
let worker: Started;

beforeAll(async () => {
  await resetDb(testDb());
  await seedTopics(testDb());
  await flushPrefix();
  sink = await startSmtpSink();
  const env = appEnvironment(sink.url, {
    SIGNUP_MIN_FILL_MS: String(MIN_FILL_MS),
    SIGNUP_CONCURRENCY: "1",
    SIGNUP_MAX_PENDING: "2",
    PAGE_CACHE_TTL_MS: "10000",
  });
  [app, worker] = await Promise.all([startApp(port, env), startWorker(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([app?.stop(), worker?.stop()]);
  await sink?.close();
  await closeQueues();
  await closeTestDb();
  await flushPrefix();
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers: { ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The home page's own hidden form fields (action id, stamp), as a browser without JavaScript would send them. */
async function formOfPage(): Promise<[string, string][]> {
  const page = await raw("GET", "/");
  expect(page.status).toBe(200);
  const fields: [string, string][] = [];
  for (const m of page.body.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields.push([m[1]!, (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&")]);
  }
  expect(fields.map(([name]) => name)).toContain("stamp");
  return fields;
}

function multipart(fields: [string, string][]): { body: string; type: string } {
  const boundary = "----paperboycrowd";
  const body = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

it("turns the excess away with 503 and Retry-After, never 500, and keeps every sign-up it accepted", async () => {
  const forms: [string, string][][] = [];
  while (forms.length < CROWD) forms.push(...(await Promise.all([formOfPage(), formOfPage(), formOfPage(), formOfPage()])));
  await new Promise((r) => setTimeout(r, MIN_FILL_MS + 200));

  const emails = forms.map((_, i) => `crowd-${i}@example.org`);
  const answers = await Promise.all(
    forms.map((form, i) => {
      const { body, type } = multipart([...form, ["email", emails[i]!], ["topics", "vision"], ["frequency", "daily"], ["website", ""]]);
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
    await sink.waitFor(() => sink.mailsTo(emails[i]!).length === 1);
  }
  for (const i of busy) expect(await db.subscriber.count({ where: { email: emails[i]! } }), emails[i]).toBe(0);
  expect(app.output()).not.toMatch(/P2028|request failed/);
}, 120_000);
