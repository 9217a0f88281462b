// Signed, purpose-bound tokens for links in mails: HMAC-SHA256 over (purpose, subscriber id, edition id, expiry,
// and for the feedback links of a digest the paper id) with APP_SECRET. Nothing is stored; the subscriber id inside
// is a random UUID, never an address or a counter.
// Verification tries the current secret, then APP_SECRET_PREVIOUS (key rotation), in constant time, and fails
// the same way whatever the reason (tampered, expired, wrong purpose), so a failure tells an attacker nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** "admin-sign-in": the subject is an AdminSignIn row (lib/admin), not a subscriber. */
export type TokenPurpose = "confirm" | "manage" | "unsubscribe" | "feedback" | "feed" | "admin-sign-in";

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: string;
  editionId?: string;
  /** Unix seconds; absent = never expires (unsubscribe and manage links must keep working). */
  expiresAt?: number;
  /** The paper a feedback link is about (only the feedback purpose carries one). */
  paperId?: string;
}

const PURPOSE_CODE: Record<TokenPurpose, string> = { confirm: "c", manage: "m", unsubscribe: "u", feedback: "f", feed: "r", "admin-sign-in": "a" };
/** arXiv ids, new style (2503.10622) and old (hep-th/9901001). */
const PAPER_ID = /^[A-Za-z0-9][A-Za-z0-9.\/-]{0,63}$/;
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
  const fields = [PURPOSE_CODE[c.purpose], c.subscriberId, c.editionId ?? "", c.expiresAt?.toString(36) ?? ""];
  // Paper ids contain dots (2503.10622): the field is base64url so that "." stays the separator.
  if (c.paperId !== undefined) fields.push(Buffer.from(c.paperId, "utf8").toString("base64url"));
  return fields.join(".");
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

  const [code, subscriberId = "", editionId = "", exp = "", paperField, ...rest] = body.split(".");
  if (rest.length || code !== PURPOSE_CODE[purpose] || !UUID.test(subscriberId)) return null;
  if (editionId && !UUID.test(editionId)) return null;
  // A feedback link is always about one paper of one edition; no other purpose carries a paper.
  if (purpose === "feedback" ? !editionId || !paperField : paperField !== undefined) return null;
  const paperId = paperField === undefined ? undefined : Buffer.from(paperField, "base64url").toString("utf8");
  if (paperId !== undefined && !PAPER_ID.test(paperId)) return null;
  const expiresAt = exp ? parseInt(exp, 36) : undefined;
  if (expiresAt !== undefined && (!Number.isFinite(expiresAt) || expiresAt * 1000 <= now)) return null;
  return { purpose, subscriberId, ...(editionId ? { editionId } : {}), ...(expiresAt ? { expiresAt } : {}), ...(paperId ? { paperId } : {}) };
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
  /** The personal Atom feed. Its subject is Subscriber.feedKey, so a new key revokes every older URL. */
  personalFeed: (feedKey: string) => `${env().APP_URL}/feeds/personal/${signToken({ purpose: "feed", subscriberId: feedKey })}`,
  /** The base of a paper's three feedback links in a digest; the action ("more", "less", "save") follows it. */
  feedback: (subscriberId: string, editionId: string, paperId: string, appUrl = env().APP_URL) =>
    `${appUrl}/feedback/${signToken({ purpose: "feedback", subscriberId, editionId, paperId })}`,
};

/** What a VERP id names: a digest delivery or a transactional mail, by its row id. */
export interface MailRef {
  kind: "delivery" | "transactional";
  id: string;
}

const MAIL_REF_CODE = { delivery: "d", transactional: "t" } as const;
const MAIL_REF_MAC_BYTES = 10;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** One kind letter and the base32 of 16 id bytes and the MAC. */
export const MAIL_REF_LENGTH = 43;

// Lower-case base32: relays may fold the case of a local part, and the whole address must stay within the 64
// characters a local part may have.
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

function mailRefMac(secret: string, code: string, id: Buffer): Buffer {
  // Its own purpose ("v"), so no other token's MAC can stand in for it.
  return createHmac("sha256", secret).update(`v.${code}.`).update(id).digest().subarray(0, MAIL_REF_MAC_BYTES);
}

/** The opaque id in a VERP envelope sender: kind, row id and a truncated MAC, MAIL_REF_LENGTH lower-case characters. */
export function signMailRef(ref: MailRef, keys: Secrets = secrets()): string {
  const code = MAIL_REF_CODE[ref.kind];
  const id = Buffer.from(ref.id.replace(/-/g, ""), "hex");
  return code + base32(Buffer.concat([id, mailRefMac(keys.current, code, id)]));
}

/** The mail a VERP id names, or null when it is malformed, forged or tampered with. */
export function verifyMailRef(text: string | null | undefined, keys: Secrets = secrets()): MailRef | null {
  if (typeof text !== "string" || text.length !== MAIL_REF_LENGTH) return null;
  const lower = text.toLowerCase();
  const code = lower[0];
  const kind = code === "d" ? "delivery" : code === "t" ? "transactional" : null;
  const bytes = unbase32(lower.slice(1));
  // Only the canonical spelling: unused low bits of the last character may not vary.
  if (!kind || !bytes || bytes.length !== 16 + MAIL_REF_MAC_BYTES || base32(bytes) !== lower.slice(1)) return null;
  const id = bytes.subarray(0, 16);
  const given = bytes.subarray(16);
  let genuine = false;
  for (const secret of [keys.current, ...keys.previous]) {
    if (timingSafeEqual(given, mailRefMac(secret, code!, id))) genuine = true;
  }
  if (!genuine) return null;
  const hex = id.toString("hex");
  return { kind, id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}
