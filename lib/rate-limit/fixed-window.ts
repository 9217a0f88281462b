// Fixed-window counters in Redis, shared by every process (no in-memory counters: there may be many servers).
// Identifiers (IP addresses, e-mail addresses) are keyed by an HMAC, so Redis never holds personal data in clear.
import { createHmac } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";

export interface LimitResult {
  allowed: boolean;
  count: number;
}

export function rateLimitKey(kind: string, identifier: string, prefix = env().REDIS_PREFIX, secret = env().APP_SECRET): string {
  const id = createHmac("sha256", secret).update(`${kind}.${identifier}`).digest("base64url").slice(0, 27);
  return `${prefix}:rl:${kind}:${id}`;
}

/**
 * The one fixed-window counter: counts a hit in the current window of `key` (one Redis key per window, expiring
 * after it) and says when the window ends. A reply Redis could not give counts as over any limit.
 */
export async function countInWindow(r: Redis, key: string, windowMs: number, now = Date.now()): Promise<{ count: number; windowEndsAt: number }> {
  const windowIndex = Math.floor(now / windowMs);
  const windowKey = `${key}:${windowIndex}`;
  const res = await r.multi().incr(windowKey).pexpire(windowKey, windowMs + 60_000).exec();
  return { count: Number(res?.[0]?.[1] ?? Number.MAX_SAFE_INTEGER), windowEndsAt: (windowIndex + 1) * windowMs };
}

/** Counts one attempt in the current window; allowed while the count stays within the limit. */
export async function hitLimit(
  r: Redis,
  kind: string,
  identifier: string,
  { limit, windowSeconds, now = Date.now() }: { limit: number; windowSeconds: number; now?: number },
): Promise<LimitResult> {
  const { count } = await countInWindow(r, rateLimitKey(kind, identifier), windowSeconds * 1000, now);
  return { allowed: count <= limit, count };
}

/**
 * Takes the single confirmation-mail slot of an address for `windowSeconds` (a day): true for the first caller,
 * false for everyone after until it expires. The database keeps a second guard (lastConfirmationSentAt), so an
 * emptied Redis does not open the gate either.
 */
export async function takeOncePerWindow(r: Redis, kind: string, identifier: string, windowSeconds: number): Promise<boolean> {
  const ok = await r.set(rateLimitKey(kind, identifier), "1", "EX", windowSeconds, "NX");
  return ok === "OK";
}
