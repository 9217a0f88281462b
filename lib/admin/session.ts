// Operator sessions. The cookie carries the session id and a random secret; the table keeps only the secret's
// SHA-256, so reading the table does not sign anyone in, and revoking the row (sign-out) ends the session on every
// server at once. The secret rotates at every action (and the sign-in makes a new session), so a cookie copied
// earlier stops working. The CSRF token is an HMAC of the session id: forms stay valid across rotations, and a
// token from one session is worthless in another.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { createSession, findSession, rotateSessionSecret, touchSession, type SessionRow } from "@/lib/admin/admin-store";

/** A session ends this long after sign-in, whatever happens. */
export const SESSION_MAX_AGE_MS = 12 * 3600_000;
/** ... and after this long without a request. */
export const SESSION_IDLE_MS = 2 * 3600_000;

export interface Operator {
  sessionId: string;
  email: string;
  csrfToken: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("base64url");
const newSecret = () => randomBytes(32).toString("base64url");

function secure(): boolean {
  return env().APP_URL.startsWith("https:");
}

/** `__Host-` (Secure, Path=/, no Domain) where the browser allows it, that is over https. */
export function sessionCookieName(): string {
  return secure() ? "__Host-paperboy-admin" : "paperboy-admin";
}

/** The Set-Cookie value that stores a session in the browser (or, with value "", removes it). */
export function sessionCookieHeader(value: string, maxAgeSeconds: number): string {
  return [
    `${sessionCookieName()}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure() ? ["Secure"] : []),
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ].join("; ");
}

export function clearSessionCookieHeader(): string {
  return sessionCookieHeader("", 0);
}

export function csrfTokenFor(sessionId: string, secret = env().APP_SECRET): string {
  return createHmac("sha256", secret).update(`admin-csrf.${sessionId}`).digest("base64url");
}

export function csrfTokenMatches(sessionId: string, given: unknown): boolean {
  if (typeof given !== "string" || given.length > 100) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const got = Buffer.from(given);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export interface StartedSession {
  operator: Operator;
  cookie: string;
}

export async function startSession(db: Db, email: string, client: { ip: string; userAgent: string }, now = new Date()): Promise<StartedSession> {
  const secret = newSecret();
  const row = await createSession(db, {
    email,
    secretHash: hashSecret(secret),
    expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
    now,
    ip: client.ip,
    userAgent: client.userAgent.slice(0, 512),
  });
  return { operator: toOperator(row), cookie: sessionCookieHeader(`${row.id}.${secret}`, SESSION_MAX_AGE_MS / 1000) };
}

function toOperator(row: SessionRow): Operator {
  return { sessionId: row.id, email: row.email, csrfToken: csrfTokenFor(row.id) };
}

interface Found {
  row: SessionRow;
  secret: string;
}

async function findLive(db: Db, cookieValue: string | undefined | null, now: Date): Promise<Found | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const dot = cookieValue.indexOf(".");
  const id = cookieValue.slice(0, dot);
  const secret = cookieValue.slice(dot + 1);
  if (dot < 0 || !UUID.test(id) || !secret) return null;
  const row = await findSession(db, id);
  if (!row || row.revokedAt || row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(row.secretHash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
  // Whoever is no longer in ADMIN_EMAILS is signed out at their next request.
  if (!env().ADMIN_EMAILS.includes(row.email)) return null;
  return { row, secret };
}

/** The operator a request's cookie signs in, or null (absent, malformed, unknown, expired, idle or revoked). */
export async function operatorOf(db: Db, cookieValue: string | undefined | null, now = new Date()): Promise<Operator | null> {
  const found = await findLive(db, cookieValue, now);
  if (!found) return null;
  await touchSession(db, found.row.id, now);
  return toOperator(found.row);
}

/**
 * For an action: the operator and a new cookie carrying a fresh secret. Null when the cookie admits nobody, or when
 * a concurrent request rotated it first (that request's answer carries the new cookie).
 */
export async function operatorForAction(db: Db, cookieValue: string | undefined | null, now = new Date()): Promise<StartedSession | null> {
  const found = await findLive(db, cookieValue, now);
  if (!found) return null;
  const secret = newSecret();
  if (!(await rotateSessionSecret(db, found.row.id, found.row.secretHash, hashSecret(secret), now))) return null;
  const left = (found.row.expiresAt.getTime() - now.getTime()) / 1000;
  return { operator: toOperator(found.row), cookie: sessionCookieHeader(`${found.row.id}.${secret}`, left) };
}
