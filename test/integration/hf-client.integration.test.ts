// The Hugging Face and arXiv clients against a local HTTP server that serves the recorded responses and misbehaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHfClient } from "@/lib/papers/hf-client";
import { createArxivClient } from "@/lib/papers/arxiv-client";
import { HttpError } from "@/lib/papers/http-fetch";
import { slidingWindowLimiter } from "@/lib/papers/rate-limiter";
import { startPapersServer, type PapersServer } from "../helpers/papers-server";

let server: PapersServer;
beforeAll(async () => {
  server = await startPapersServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.failAlways("/api/daily_papers", undefined);
  server.failAlways("/api/query", undefined);
});

// Fast retries for tests; the policy is otherwise the production one. The request timeout stays generous: on a busy
// machine the local server can take seconds to answer, and a timed-out attempt would add a request to the counts.
const fast = { baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 15_000, retries: 3 };
const hf = (policy = {}) => createHfClient({ baseUrl: server.url, pageSize: 25, policy: { ...fast, ...policy } });

async function collect(source: ReturnType<ReturnType<typeof hf>["source"]>) {
  const pages = [];
  for await (const p of source.pages()) pages.push(p);
  return pages;
}

describe("Hugging Face client", () => {
  it("pages through a day with date, p and limit, and sends a User-Agent", async () => {
    const pages = await collect(hf().source({ date: "2025-03-14" }));
    expect(pages.map((p) => p.items.length)).toEqual([25, 25, 14]);
    expect(pages.every((p) => p.listDate === "2025-03-14")).toBe(true);
    expect(server.requests.map((r) => new URL(r.url, "http://x").searchParams.get("p"))).toEqual(["0", "1", "2"]);
    expect(server.requests[0]!.url).toContain("date=2025-03-14");
    expect(server.requests[0]!.url).toContain("limit=25");
    expect(server.requests.every((r) => r.userAgent?.startsWith("Paperboy/"))).toBe(true);
  });

  it("retries 500s with backoff and then succeeds", async () => {
    server.failNext("/api/daily_papers", { kind: "status", status: 500 }, { kind: "status", status: 503 });
    const retries: number[] = [];
    const items = await hf({ onRetry: (i: { delayMs: number }) => retries.push(i.delayMs) }).dailyPapers({ date: "2025-03-13" });
    expect(items).toHaveLength(25);
    expect(server.requests).toHaveLength(3);
    expect(retries).toHaveLength(2);
    // exponential with jitter: second delay drawn from a window twice as large
    expect(retries[0]).toBeGreaterThanOrEqual(5);
    expect(retries[1]).toBeGreaterThanOrEqual(10);
  });

  it("gives up after the configured retries with a clear error", async () => {
    server.failAlways("/api/daily_papers", { kind: "status", status: 500 });
    await expect(hf().dailyPapers({ date: "2025-03-13" })).rejects.toThrow(/HTTP 500 .*gave up after 4 attempts/);
    expect(server.requests).toHaveLength(4);
  });

  it("does not retry a 404", async () => {
    server.failNext("/api/daily_papers", { kind: "status", status: 404 });
    await expect(hf().dailyPapers({ date: "2025-03-13" })).rejects.toMatchObject({ status: 404, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it("honours Retry-After on 429", async () => {
    server.failNext("/api/daily_papers", { kind: "status", status: 429, retryAfter: "1" });
    const delays: number[] = [];
    const started = Date.now();
    await hf({ onRetry: (i: { delayMs: number }) => delays.push(i.delayMs) }).dailyPapers({ date: "2025-03-13" });
    expect(delays).toEqual([1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("fails fast (for the job to retry later) when Retry-After is beyond the cap", async () => {
    server.failNext("/api/daily_papers", { kind: "status", status: 429, retryAfter: "3600" });
    const err = await hf({ maxRetryAfterMs: 60_000 }).dailyPapers({ date: "2025-03-13" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as Error).message).toMatch(/rate limited: server asks to wait 3600 s/);
    expect(server.requests).toHaveLength(1);
  });

  it("times out a hanging request and retries it", async () => {
    server.failNext("/api/daily_papers", { kind: "hang" });
    const reasons: string[] = [];
    const items = await hf({ timeoutMs: 2_000, onRetry: (i: { reason: string }) => reasons.push(i.reason) }).dailyPapers({ date: "2025-03-12" });
    expect(items).toHaveLength(25);
    expect(reasons[0]).toMatch(/timed out after 2000 ms/);
  });

  it("treats truncated JSON as a failed attempt", async () => {
    server.failNext("/api/daily_papers", { kind: "truncate" });
    const reasons: string[] = [];
    const items = await hf({ onRetry: (i: { reason: string }) => reasons.push(i.reason) }).dailyPapers({ date: "2025-03-12" });
    expect(items).toHaveLength(25);
    expect(reasons[0]).toMatch(/unreadable response body/);
    server.failAlways("/api/daily_papers", { kind: "truncate" });
    await expect(hf().dailyPapers({ date: "2025-03-12" })).rejects.toThrow(/unreadable response body.*gave up/);
  });

  it("names the host and the reason when nothing answers", async () => {
    const closed = await startPapersServer();
    const url = closed.url;
    await closed.close();
    const client = createHfClient({ baseUrl: url, policy: { ...fast, retries: 1 } });
    await expect(client.dailyPapers({ date: "2025-03-14" })).rejects.toThrow(
      new RegExp(`network error \\(${new URL(url).host.replace(/\./g, "\\.")}\\): ECONNREFUSED \\(gave up after 2 attempts\\)`),
    );
  });

  it("keeps within a request budget", async () => {
    const limiter = slidingWindowLimiter(2, 300);
    const started = Date.now();
    await Promise.all([1, 2, 3].map(() => hf({ limiter }).dailyPapers({ date: "2025-03-12" })));
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(3);
    // The third request waits for the window, counted from the start: the first may reach the server late on a busy
    // machine, so the gap between arrivals proves nothing either way.
    expect(times[2]! - started).toBeGreaterThanOrEqual(300);
  });
});

describe("arXiv client", () => {
  const arxiv = (policy = {}) => createArxivClient({ baseUrl: server.url, batchSize: 2, policy: { ...fast, limiter: undefined, ...policy } });

  it("looks up categories and versions by id, in batches", async () => {
    const ids = ["2503.08054", "2503.08076", "2503.08131"];
    const meta = await arxiv().byIds(ids);
    expect([...meta.keys()].sort()).toEqual(ids);
    const p = meta.get("2503.08054")!;
    expect(p.title).toBe("Power-Softmax: Towards Secure LLM Inference over Encrypted Data");
    expect(p.categories).toContain("cs.CR");
    expect(p.primaryCategory).toBe(p.categories[0]);
    expect(p.version).toBeGreaterThanOrEqual(1);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.url).toContain("id_list=2503.08054%2C2503.08076");
  });

  it("retries a 503 and a truncated feed", async () => {
    server.failNext("/api/query", { kind: "status", status: 503 }, { kind: "truncate" });
    const meta = await arxiv({ retries: 3 }).byIds(["2503.08054"]);
    expect(meta.size).toBe(1);
    expect(server.requests).toHaveLength(3);
  });

  it("spaces requests out (arXiv asks for one every three seconds)", async () => {
    const started = Date.now();
    await createArxivClient({ baseUrl: server.url, batchSize: 1, policy: { ...fast, limiter: slidingWindowLimiter(1, 200) } }).byIds(["2503.08054", "2503.08076"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
