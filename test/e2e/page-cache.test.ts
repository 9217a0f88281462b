// The page cache of `npm start` (lib/http/page-cache.ts) against the BUILT app, with PostgreSQL and Redis behind TCP
// proxies that the test can cut: / and /papers come from the cache, yet every answer has its own nonce and its own
// single-use form stamp; a change to the papers or topics shows at once, long before the cache's time is up; and
// while PostgreSQL or Redis is away, the cached pages answer the outage gate's 503 like every other page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../helpers/db";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { waitForValue, waitUntil } from "../helpers/wait-until";
import { useBuiltApp } from "../helpers/built-app";
import { hiddenFields, visitorFields } from "../helpers/forms";

const appUrl = process.env.APP_URL!;
let pg: TcpProxy;
let redis: TcpProxy;

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

const e2e = useBuiltApp({
  ingest: true,
  // Far longer than the test: whatever changes on a page must come from the change check, not from expiry.
  env: { PAGE_CACHE_TTL_MS: "600000" },
  appEnv: () => ({ DATABASE_URL: pg.via(process.env.DATABASE_URL!), REDIS_URL: redis.via(process.env.REDIS_URL!) }),
  worker: true,
});

interface Answer {
  status: number;
  cache: string | null;
  nonce: string;
  stamp: string;
  body: string;
}

async function get(path: string): Promise<Answer> {
  const res = await fetch(appUrl + path, { signal: AbortSignal.timeout(15_000), redirect: "manual" });
  expect([200, 503], `GET ${path}`).toContain(res.status);
  const body = await res.text();
  const nonce = res.headers.get("content-security-policy")?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1] ?? "";
  const stamp = body.match(/name="stamp" value="([^"]+)"/)?.[1] ?? "";
  return { status: res.status, cache: res.headers.get("x-page-cache"), nonce, stamp, body };
}

/** The page as it is for everyone: without this answer's nonce and stamp. */
const shared = (a: Answer) => a.body.replaceAll(a.nonce, "NONCE").replaceAll(a.stamp || "\u0000", "STAMP");

describe("the page cache", () => {
  it("serves / and /papers from the cache, each answer with a nonce and a stamp of its own", async () => {
    for (const path of ["/", "/papers", "/papers?page=1"]) {
      const answers = await Promise.all([get(path), get(path)]).then(async (two) => [...two, await get(path), await get(path)]);
      expect(answers.at(-1)!.cache, path).toBe("hit");
      for (const a of answers) {
        expect(a.status, path).toBe(200);
        expect(a.nonce, path).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
        // Every script carries this answer's nonce, and no other nonce is left in the page.
        const scripts = [...a.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, path).toContain(`nonce="${a.nonce}"`);
        for (const other of answers) if (other !== a) expect(a.body.includes(other.nonce), path).toBe(false);
      }
      expect(new Set(answers.map((a) => a.nonce)).size, path).toBe(answers.length);
      expect(new Set(answers.map(shared)).size, path).toBe(1);
      if (path === "/") {
        expect(new Set(answers.map((a) => a.stamp)).size).toBe(answers.length);
        for (const a of answers) expect(a.stamp).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{22}$/);
      }
    }
    // Client-side navigation (RSC) and other pages are not cached.
    expect((await get("/privacy")).cache).toBeNull();
  });

  it("a stamp from a cached page serves one sign-up, and only one", async () => {
    const page = await get("/");
    expect(page.cache).toBe("hit");
    const fields = hiddenFields(page.body);
    const signUp = (email: string, ip: string) => {
      const form = new FormData();
      for (const [k, v] of [...fields, ...visitorFields(email)]) form.append(k, v);
      return fetch(appUrl + "/", { method: "POST", body: form, headers: { origin: appUrl, "x-forwarded-for": ip } });
    };
    const first = await signUp("cached-once@example.org", "198.51.100.7");
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Check your inbox");
    await e2e.sink.waitFor(() => e2e.sink.mailsTo("cached-once@example.org").length === 1);
    const replay = await signUp("cached-twice@example.org", "198.51.100.8");
    expect(replay.status).toBeLessThan(500);
    await replay.text();
    expect(await testDb().subscriber.count({ where: { email: "cached-twice@example.org" } })).toBe(0);
    expect(await testDb().subscriber.count({ where: { email: "cached-once@example.org" } })).toBe(1);
  });

  it("shows a change to the topics or the papers at once, long before the cache's time is up", async () => {
    expect((await get("/")).cache).toBe("hit");
    const description = "A description changed while the page was cached";
    await testDb().topic.update({ where: { slug: "vision" }, data: { description } });
    await waitForValue(() => get("/"), (a) => a.body.includes(description), 20_000, "the landing page to show the new description");

    // The change emptied the whole cache: /papers is rendered again first.
    await waitForValue(() => get("/papers"), (a) => a.cache === "hit", 20_000, "/papers to be cached again");
    const top = await testDb().paper.findFirstOrThrow({ orderBy: { upvotes: "desc" } });
    const title = "A title changed while the page was cached";
    await testDb().paper.update({ where: { id: top.id }, data: { title } });
    await waitForValue(() => get("/papers"), (a) => a.body.includes(title), 20_000, "the papers page to show the new title");
  });

  for (const dependency of ["PostgreSQL", "Redis"] as const) {
    it(`answers 503 from the cached pages too while ${dependency} is away, and serves them again after`, async () => {
      const proxy = dependency === "PostgreSQL" ? pg : redis;
      for (const path of ["/", "/papers"]) await waitForValue(() => get(path), (a) => a.cache === "hit", 20_000, `${path} to be cached`);
      await proxy.cut();
      try {
        await waitUntil(async () => (await get("/papers")).status === 503, 60_000, "/papers to answer 503");
        for (const path of ["/", "/papers"]) {
          const res = await fetch(appUrl + path, { signal: AbortSignal.timeout(15_000) });
          expect(res.status, path).toBe(503);
          expect(Number(res.headers.get("retry-after")), path).toBeGreaterThan(0);
          expect(await res.text(), path).toMatch(/briefly unavailable/);
        }
      } finally {
        await proxy.reopen();
      }
      await waitUntil(async () => (await get("/")).status === 200 && (await get("/papers")).status === 200, 60_000, "both pages to serve again");
      await waitUntil(async () => (await get("/")).cache === "hit", 30_000, "/ to come from the cache again");
    }, 150_000);
  }
});
