// Request budgets for the upstream APIs (Hugging Face allows about 500 requests per 5 minutes). A client calls
// acquire() before every request and waits until the budget allows it.
// - slidingWindowLimiter: in-process, for the command line and tests.
// - redisWindowLimiter: shared through Redis, so several worker processes on several machines stay within one
//   budget together (nothing may assume a single worker).
import type { Redis } from "ioredis";
import { countInWindow } from "@/lib/rate-limit/fixed-window";

export interface RateLimiter {
  acquire(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function slidingWindowLimiter(max: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const stamps: number[] = [];
  let chain = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = now();
      while (stamps.length && stamps[0]! <= t - windowMs) stamps.shift();
      if (stamps.length < max) {
        stamps.push(t);
        return;
      }
      await sleep(stamps[0]! + windowMs - t + 1);
    }
  };
  return {
    // Serialised so that concurrent callers cannot both take the last slot.
    acquire() {
      const next = chain.then(take);
      chain = next.catch(() => undefined);
      return next;
    },
  };
}

/** Fixed windows counted in Redis (lib/rate-limit/fixed-window.ts): at most `max` acquisitions per window across all processes. */
export function redisWindowLimiter(redis: Redis, key: string, max: number, windowMs: number): RateLimiter {
  return {
    async acquire() {
      for (;;) {
        const now = Date.now();
        const { count, windowEndsAt } = await countInWindow(redis, key, windowMs, now);
        if (count <= max) return;
        await sleep(windowEndsAt - now + 5);
      }
    },
  };
}

/** arXiv asks API users for one request every three seconds: a minimum spacing between requests. */
export function minIntervalLimiter(intervalMs: number): RateLimiter {
  return slidingWindowLimiter(1, intervalMs);
}
