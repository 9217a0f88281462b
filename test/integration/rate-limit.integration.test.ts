// The Redis counters behind the signup limits: per key and window, shared by every process, keys under REDIS_PREFIX.
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { hitLimit, rateLimitKey, takeOncePerWindow } from "@/lib/rate-limit/fixed-window";
import { flushPrefix } from "@/scripts/flush-redis-prefix";

const r = new Redis(process.env.REDIS_URL!);
const other = new Redis(process.env.REDIS_URL!);
beforeEach(async () => {
  resetEnvCache();
  await flushPrefix();
});
afterAll(async () => {
  r.disconnect();
  other.disconnect();
  await flushPrefix();
});

describe("fixed-window rate limit", () => {
  it("allows up to the limit per window, counts across connections, and starts again in the next window", async () => {
    const t = Date.UTC(2026, 10, 28, 10, 15);
    const opts = { limit: 3, windowSeconds: 3600, now: t };
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await hitLimit(i % 2 ? other : r, "test", "198.51.100.1", opts)).allowed);
    expect(seen).toEqual([true, true, true, false]);
    expect((await hitLimit(r, "test", "198.51.100.2", opts)).allowed).toBe(true);
    expect((await hitLimit(r, "test", "198.51.100.1", { ...opts, now: t + 3600_000 })).count).toBe(1);
  });

  it("keeps keys under REDIS_PREFIX with an expiry and without the identifier in clear", async () => {
    await hitLimit(r, "test", "ada@example.org", { limit: 1, windowSeconds: 60 });
    const keys = await r.keys(`${process.env.REDIS_PREFIX}:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${process.env.REDIS_PREFIX}:rl:test:[A-Za-z0-9_-]{27}:\\d+$`));
    expect(keys[0]).not.toContain("ada");
    const ttl = await r.ttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(rateLimitKey("test", "ada@example.org")).toBe(rateLimitKey("test", "ada@example.org"));
    expect(rateLimitKey("test", "ada@example.org")).not.toBe(rateLimitKey("test", "Ada@example.org"));
  });

  it("hands out a once-per-window slot to exactly one of many concurrent callers", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => takeOncePerWindow(i % 2 ? r : other, "once", "ada@example.org", 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
