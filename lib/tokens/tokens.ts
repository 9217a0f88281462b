// Signed, purpose-bound tokens for links in mails: HMAC-SHA256 over (purpose, subscriber id, edition id, expiry)
// with APP_SECRET. Nothing is stored; the subscriber id inside is a random UUID, never an address or a counter.
// Verification tries the current secret, then APP_SECRET_PREVIOUS (key rotation), in constant time, and fails
// the same way whatever the reason (tampered, expired, wrong purpose), so a failure tells an attacker nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** "admin-sign-in": the subject is an AdminSignIn row (lib/admin), not a subscriber. */
export type TokenPurpose = "confirm" | "manage" | "unsubscribe" | "feedback" | "admin-sign-in";

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: string;
  editionId?: string;
  /** Unix seconds; absent = never expires (unsubscribe and manage links must keep working). */
  expiresAt?: number;
}

const PURPOSE_CODE: Record<TokenPurpose, string> = { confirm: "c", manage: "m", unsubscribe: "u", feedback: "f", "admin-sign-in": "a" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Secrets {
  current: string;
  previous: string[];
}

function secrets(): Secrets {
  const e = env();
  return { current: e.APP_SECRET, previous: e.APP_SECRET_PREVIOUS };
}

function mac(secret: string, body: string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

function bodyOf(c: TokenClaims): string {
  return [PURPOSE_CODE[c.purpose], c.subscriberId, c.editionId ?? "", c.expiresAt?.toString(36) ?? ""].join(".");
}

export function signToken(claims: TokenClaims, keys: Secrets = secrets()): string {
  const body = bodyOf(claims);
  return `${Buffer.from(body).toString("base64url")}.${mac(keys.current, body).toString("base64url")}`;
}

/** Returns the claims when the token is genuine, unexpired and of the expected purpose; otherwise null. */
export function verifyToken(
  token: string | null | undefined,
  purpose: TokenPurpose,
  { now = Date.now(), keys = secrets() }: { now?: number; keys?: Secrets } = {},
): TokenClaims | null {
  if (typeof token !== "string" || token.length > 300) return null;
  const dot = token.indexOf(".");
  if (dot < 1 || dot !== token.lastIndexOf(".")) return null;
  const body = Buffer.from(token.slice(0, dot), "base64url").toString("utf8");
  const given = Buffer.from(token.slice(dot + 1), "base64url");

  let genuine = false;
  for (const secret of [keys.current, ...keys.previous]) {
    const expected = mac(secret, body);
    // Always compare (no early exit on the first key) so timing does not reveal which key matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) genuine = true;
  }
  if (!genuine) return null;

  const [code, subscriberId = "", editionId = "", exp = "", ...rest] = body.split(".");
  if (rest.length || code !== PURPOSE_CODE[purpose] || !UUID.test(subscriberId)) return null;
  if (editionId && !UUID.test(editionId)) return null;
  const expiresAt = exp ? parseInt(exp, 36) : undefined;
  if (expiresAt !== undefined && (!Number.isFinite(expiresAt) || expiresAt * 1000 <= now)) return null;
  return { purpose, subscriberId, ...(editionId ? { editionId } : {}), ...(expiresAt ? { expiresAt } : {}) };
}

/** Links used in mails and pages. Tokens go in the path, never in logs. */
export const links = {
  /** The subject of a confirmation link is the sign-up's Subscriber.confirmationId, not the subscriber id. */
  confirm: (confirmationId: string, ttlHours = env().CONFIRM_TOKEN_TTL_HOURS, now = Date.now()) =>
    `${env().APP_URL}/confirm/${signToken({ purpose: "confirm", subscriberId: confirmationId, expiresAt: Math.floor(now / 1000) + ttlHours * 3600 })}`,
  manage: (subscriberId: string) => `${env().APP_URL}/manage/${signToken({ purpose: "manage", subscriberId })}`,
  /** RFC 8058 one-click target (POST) that also serves a confirmation page on GET. */
  unsubscribe: (subscriberId: string, editionId?: string) =>
    `${env().APP_URL}/unsubscribe/${signToken({ purpose: "unsubscribe", subscriberId, ...(editionId ? { editionId } : {}) })}`,
};
