// The BUILT web app with PostgreSQL or Redis cut away (TCP proxies in front of both): every answer is a friendly 503
// with Retry-After, never a 500 or a request that hangs; a one-click unsubscribe received meanwhile answers 503 (so
// the mail provider retries) and is not taken as done; once the service is back, the app serves again by itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { links } from "@/lib/tokens/tokens";
import { testDb } from "../helpers/db";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { waitUntil } from "../helpers/wait-until";
import { useBuiltApp } from "../helpers/built-app";

const port = Number(new URL(process.env.APP_URL!).port);
let pg: TcpProxy;
let redis: TcpProxy;
let reader: { id: string };

beforeAll(async () => {
  const pgUrl = new URL(process.env.DATABASE_URL!);
  const redisUrl = new URL(process.env.REDIS_URL!);
  pg = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
  redis = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
});

// After the app has stopped (hooks after the tests run in reverse order).
afterAll(async () => {
  await pg?.close();
  await redis?.close();
});

useBuiltApp({
  seed: async (db) => {
    const vision = await db.topic.findUniqueOrThrow({ where: { slug: "vision" } });
    reader = await db.subscriber.create({
      data: { email: "reader@example.org", status: "ACTIVE", confirmedAt: new Date(), topics: { create: [{ topicId: vision.id }] } },
    });
  },
  appEnv: () => ({ DATABASE_URL: pg.via(process.env.DATABASE_URL!), REDIS_URL: redis.via(process.env.REDIS_URL!) }),
});

/** Every request answers within a bound (a hang fails the test), with the page or the 503 page: never a 500. */
async function get(url: string): Promise<Response> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: "manual" });
  expect([200, 503], `GET ${url}`).toContain(res.status);
  return res;
}

function oneClick(): Promise<Response> {
  return fetch(links.unsubscribe(reader.id), {
    method: "POST",
    body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    signal: AbortSignal.timeout(15_000),
  });
}

async function expectFriendly503(res: Response): Promise<void> {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.headers.get("content-type")).toMatch(/text\/html/);
  expect(await res.text()).toMatch(/briefly unavailable/);
}

async function waitForStatus(url: string, status: number, what: string): Promise<void> {
  await waitUntil(async () => (await get(url)).status === status, 60_000, what);
}

describe("the web app while PostgreSQL or Redis is unreachable", () => {
  const pages = () => [links.manage(reader.id), `http://127.0.0.1:${port}/papers`];

  it("PostgreSQL cut: 503 with Retry-After, a one-click unsubscribe is refused with 503 and not lost; serves again after", async () => {
    for (const url of pages()) expect((await get(url)).status).toBe(200);
    await pg.cut();
    try {
      await waitForStatus(pages()[0]!, 503, "the manage page to answer 503");
      for (const url of pages()) await expectFriendly503(await get(url));
      await expectFriendly503(await oneClick());
    } finally {
      await pg.reopen();
    }
    // Not recorded while the database was away: still subscribed, until the provider's retry gets through.
    expect((await testDb().subscriber.findUniqueOrThrow({ where: { id: reader.id } })).status).toBe("ACTIVE");
    await waitForStatus(pages()[0]!, 200, "the manage page to serve again");
    for (const url of pages()) expect((await get(url)).status).toBe(200);
    const retried = await oneClick();
    expect(retried.status).toBe(200);
    expect((await testDb().subscriber.findUniqueOrThrow({ where: { id: reader.id } })).status).toBe("UNSUBSCRIBED");
  }, 120_000);

  it("Redis cut: 503 with Retry-After; serves again after", async () => {
    for (const url of pages()) expect((await get(url)).status).toBe(200);
    await redis.cut();
    try {
      await waitForStatus(pages()[1]!, 503, "the papers page to answer 503");
      for (const url of pages()) await expectFriendly503(await get(url));
    } finally {
      await redis.reopen();
    }
    await waitForStatus(pages()[1]!, 200, "the papers page to serve again");
    for (const url of pages()) expect((await get(url)).status).toBe(200);
  }, 120_000);
});
