// The minimum fill time: the page embeds a signed stamp of when the form was rendered; a submission that comes back
// sooner than SIGNUP_MIN_FILL_MS (or without a genuine stamp) is not accepted as it is. Signed, so a bot cannot
// simply backdate it, and single-use (a Redis key per stamp), so one stamp aged once cannot serve many sign-ups.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const FORM_STAMP_MAX_AGE_MS = 24 * 3600_000;

function mac(secret: string, issuedAt: string, nonce: string): string {
  return createHmac("sha256", secret).update(`form-stamp.${issuedAt}.${nonce}`).digest("base64url").slice(0, 22);
}

export function issueFormStamp(now = Date.now(), secret = env().APP_SECRET): string {
  const issuedAt = now.toString(36);
  const nonce = randomBytes(9).toString("base64url");
  return `${issuedAt}.${nonce}.${mac(secret, issuedAt, nonce)}`;
}

export type StampCheck = "ok" | "too-fast" | "invalid";

export function checkFormStamp(
  stamp: string,
  { now = Date.now(), minFillMs = env().SIGNUP_MIN_FILL_MS, secret = env().APP_SECRET, maxAgeMs = FORM_STAMP_MAX_AGE_MS } = {},
): StampCheck {
  const [issuedAt = "", nonce = "", given = "", ...rest] = stamp.split(".");
  if (rest.length || !issuedAt || !nonce || !given) return "invalid";
  const expected = Buffer.from(mac(secret, issuedAt, nonce));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return "invalid";
  const t = parseInt(issuedAt, 36);
  if (!Number.isFinite(t) || t > now + 60_000 || now - t > maxAgeMs) return "invalid";
  return now - t < minFillMs ? "too-fast" : "ok";
}

/**
 * The Redis key that uses a genuine stamp up (set once, with NX: the first submission gets it, every replay finds it).
 * Named by the stamp's MAC, which holds nothing personal, under REDIS_PREFIX; it lives until the stamp would have
 * expired anyway.
 */
export function formStampKey(stamp: string, now = Date.now(), prefix = env().REDIS_PREFIX): { key: string; ttlMs: number } {
  const [issuedAt = "", , given = ""] = stamp.split(".");
  return { key: `${prefix}:form-stamp:${given}`, ttlMs: Math.max(1000, parseInt(issuedAt, 36) + FORM_STAMP_MAX_AGE_MS + 60_000 - now) };
}
