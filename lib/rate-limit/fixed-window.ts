// Fixed-window counters in Redis, shared by every web process (no in-memory counters: there may be many servers).
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

/** Counts one attempt in the current window; allowed while the count stays within the limit. */
export async function hitLimit(
  r: Redis,
  kind: string,
  identifier: string,
  { limit, windowSeconds, now = Date.now() }: { limit: number; windowSeconds: number; now?: number },
): Promise<LimitResult> {
  const windowIndex = Math.floor(now / 1000 / windowSeconds);
  const key = `${rateLimitKey(kind, identifier)}:${windowIndex}`;
  const res = await r.multi().incr(key).expire(key, windowSeconds + 60).exec();
  const count = Number(res?.[0]?.[1] ?? Number.MAX_SAFE_INTEGER);
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
