// The minimum fill time: the page embeds a signed stamp of when the form was rendered; a submission that comes back
// sooner than SIGNUP_MIN_FILL_MS (or without a genuine stamp) is a bot's. Signed, so a bot cannot simply backdate it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

function mac(secret: string, issuedAt: string): string {
  return createHmac("sha256", secret).update(`form-stamp.${issuedAt}`).digest("base64url").slice(0, 22);
}

export function issueFormStamp(now = Date.now(), secret = env().APP_SECRET): string {
  const issuedAt = now.toString(36);
  return `${issuedAt}.${mac(secret, issuedAt)}`;
}

export type StampCheck = "ok" | "too-fast" | "invalid";

export function checkFormStamp(
  stamp: string,
  { now = Date.now(), minFillMs = env().SIGNUP_MIN_FILL_MS, secret = env().APP_SECRET, maxAgeMs = 24 * 3600_000 } = {},
): StampCheck {
  const [issuedAt = "", given = "", ...rest] = stamp.split(".");
  if (rest.length || !issuedAt || !given) return "invalid";
  const expected = Buffer.from(mac(secret, issuedAt));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return "invalid";
  const t = parseInt(issuedAt, 36);
  if (!Number.isFinite(t) || t > now + 60_000 || now - t > maxAgeMs) return "invalid";
  return now - t < minFillMs ? "too-fast" : "ok";
}
