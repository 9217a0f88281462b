// What every provider's webhook shares: the request as plain data, the answer, refusing a replay, and applying the
// events it carried through the one path (apply-event.ts). A provider file only checks its signature and maps its
// payload to events. Answers: 200 applied (or nothing to do), 401 unsigned or badly signed, 400 malformed or too
// old, 409 a replay of a call already taken.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { applyEvent, type ApplyDeps, type IncomingEvent } from "@/lib/bounces/apply-event";
import { rateLimitKey } from "@/lib/rate-limit/fixed-window";

export interface WebhookRequest {
  header(name: string): string | null;
  body: string;
}

export interface WebhookAnswer {
  status: number;
  body: string;
}

export interface WebhookDeps {
  apply: ApplyDeps;
  redis: Redis;
  /** Unix milliseconds. */
  now: () => number;
  /** A signed call older (or further in the future) than this is refused. */
  maxAgeSeconds: number;
}

export const answer = (status: number, body: string): WebhookAnswer => ({ status, body });

/** Equal strings in constant time (the lengths may differ; that is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}

export function tooOld(timestampMs: number, deps: WebhookDeps): boolean {
  return !Number.isFinite(timestampMs) || Math.abs(deps.now() - timestampMs) > deps.maxAgeSeconds * 1000;
}

function seenKey(provider: string, callId: string): string {
  return rateLimitKey(`webhook-${provider}`, callId);
}

/**
 * Applies the events of one authenticated call, unless the same call (its signature or message id) was taken
 * before: then 409 and nothing changes. The call is remembered only once applied, so a call that failed half-way
 * (the database unreachable) may be delivered again. Events are stored once by their key whatever Redis remembers.
 */
export async function takeCall(provider: string, callId: string, events: IncomingEvent[], deps: WebhookDeps): Promise<WebhookAnswer> {
  const key = seenKey(provider, callId);
  if (await deps.redis.exists(key)) return answer(409, "replayed call refused");
  const outcomes: string[] = [];
  for (const e of events) {
    const r = await applyEvent(e, deps.apply);
    outcomes.push(r.kind === "duplicate" ? "duplicate" : r.outcome);
  }
  await deps.redis.set(key, "1", "EX", deps.maxAgeSeconds * 2);
  return answer(200, JSON.stringify({ events: outcomes.length, outcomes }));
}

/** `<id>` as mail headers spell a Message-ID, from a value with or without the brackets. */
export function bracketed(messageId: unknown): string | null {
  if (typeof messageId !== "string" || !messageId.trim()) return null;
  const v = messageId.trim();
  return v.startsWith("<") ? v : `<${v}>`;
}

export function lower(v: unknown): string | null {
  return typeof v === "string" && v.includes("@") ? v.trim().toLowerCase() : null;
}
