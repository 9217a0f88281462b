// Signing in to the console by a link mailed to an operator's address. Anyone may ask; only an address in
// ADMIN_EMAILS gets a mail, and everyone gets the same answer, so the form does not tell who the operators are.
// The link is a signed token over the pending sign-in's id and its expiry (lib/tokens), valid 15 minutes and once:
// using it marks the row used with a conditional update.
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { hitLimit } from "@/lib/rate-limit/fixed-window";
import { ipBucket } from "@/lib/rate-limit/ip-bucket";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";
import { signToken, verifyToken } from "@/lib/tokens/tokens";
import { appendAudit, createSignIn, findSignIn, useSignIn } from "@/lib/admin/admin-store";
import { startSession, type StartedSession } from "@/lib/admin/session";

export const SIGN_IN_TTL_MS = 15 * 60_000;
/** Sign-in requests per client (IP bucket) and per address in a quarter of an hour. */
export const SIGN_IN_LIMIT_PER_IP = 10;
export const SIGN_IN_LIMIT_PER_ADDRESS = 3;
const LIMIT_WINDOW_SECONDS = 15 * 60;
/** Every answer to the form takes at least this long, so the time it takes does not tell operators from others. */
export const SIGN_IN_RESPONSE_FLOOR_MS = 400;

export interface Client {
  ip: string;
  userAgent: string;
}

export interface SignInDeps {
  db: Db;
  redis: Redis;
  enqueue: (signInId: string) => Promise<void>;
  now?: Date;
  responseFloorMs?: number;
}

/** The link of a pending sign-in; its expiry is inside the signed token as well as on the row. */
export function signInLink(signInId: string, expiresAt: Date): string {
  const token = signToken({ purpose: "admin-sign-in", subscriberId: signInId, expiresAt: Math.floor(expiresAt.getTime() / 1000) });
  return `${env().APP_URL}/admin/sign-in/link/${token}`;
}

export function isOperatorAddress(key: string): boolean {
  return env().ADMIN_EMAILS.includes(key);
}

/**
 * Handles the sign-in form. Returns nothing the caller could show differently: the page answers the same for an
 * operator, anybody else, a malformed address and a request over the limit.
 */
export async function requestSignIn(rawEmail: unknown, client: Client, deps: SignInDeps): Promise<void> {
  const started = Date.now();
  try {
    await handleSignInRequest(rawEmail, client, deps);
  } finally {
    const wait = (deps.responseFloorMs ?? SIGN_IN_RESPONSE_FLOOR_MS) - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function handleSignInRequest(rawEmail: unknown, client: Client, deps: SignInDeps): Promise<void> {
  const now = deps.now ?? new Date();
  const parsed = normaliseEmail(rawEmail);
  const ipOk = (await hitLimit(deps.redis, "admin-sign-in-ip", ipBucket(client.ip), { limit: SIGN_IN_LIMIT_PER_IP, windowSeconds: LIMIT_WINDOW_SECONDS, now: now.getTime() })).allowed;
  if (!ipOk || !parsed.ok) return;
  const addressOk = (await hitLimit(deps.redis, "admin-sign-in-address", parsed.key, { limit: SIGN_IN_LIMIT_PER_ADDRESS, windowSeconds: LIMIT_WINDOW_SECONDS, now: now.getTime() })).allowed;
  if (!addressOk || !isOperatorAddress(parsed.key)) return;
  const row = await createSignIn(deps.db, parsed.key, new Date(now.getTime() + SIGN_IN_TTL_MS));
  await deps.enqueue(row.id);
  logger().info({ component: "admin", signInId: row.id }, "operator sign-in link requested");
}

/** For `npm run admin -- --email X`: a link printed instead of mailed, for the first sign-in. */
export async function createSignInLinkForCommandLine(db: Db, rawEmail: string, now = new Date()): Promise<{ ok: true; link: string } | { ok: false; message: string }> {
  const parsed = normaliseEmail(rawEmail);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (!isOperatorAddress(parsed.key)) return { ok: false, message: `${parsed.key} is not in ADMIN_EMAILS; add it there first` };
  const row = await createSignIn(db, parsed.key, new Date(now.getTime() + SIGN_IN_TTL_MS));
  await appendAudit(db, { actor: parsed.key, action: "sign-in link printed", target: null, detail: "npm run admin", ip: "command line" });
  return { ok: true, link: signInLink(row.id, row.expiresAt) };
}

/** The pending sign-in a link names, when the link is genuine and unexpired (the row decides whether it is unused). */
export function signInIdOf(token: unknown, now: Date): string | null {
  const claims = verifyToken(typeof token === "string" ? token : null, "admin-sign-in", { now: now.getTime() });
  return claims?.subscriberId ?? null;
}

/** Whether a link may still sign in (for the page that shows the button; changes nothing). */
export async function signInLinkUsable(db: Db, token: unknown, now = new Date()): Promise<boolean> {
  const id = signInIdOf(token, now);
  if (!id) return false;
  const row = await findSignIn(db, id);
  return !!row && !row.usedAt && row.expiresAt > now && isOperatorAddress(row.email);
}

/** Uses the link once and starts a session; null for a link that is forged, expired, used, or no longer an operator's. */
export async function completeSignIn(db: Db, token: unknown, client: Client, now = new Date()): Promise<StartedSession | null> {
  const id = signInIdOf(token, now);
  if (!id) return null;
  const row = await findSignIn(db, id);
  if (!row || !isOperatorAddress(row.email)) return null;
  if (!(await useSignIn(db, id, now))) return null;
  const session = await startSession(db, row.email, client, now);
  await appendAudit(db, { actor: row.email, action: "signed in", target: null, detail: null, ip: client.ip, userAgent: client.userAgent });
  return session;
}
