// The console's view of the suppression list, which holds only SHA-256 hashes of addresses (email-hash.ts): counts by
// reason, an exact look-up by address (hashed here, the address itself kept nowhere), and lifting one entry with a
// stated reason. Lifting removes the suppression row and nothing else: no subscriber is created, restored or
// mailed; the address may sign up again, and its own confirmation decides the rest.
import type { Db } from "@/lib/db";
import type { SuppressionReason } from "@/lib/generated/prisma/enums";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";
import type { ClientInfo } from "@/lib/http/client-info";
import { hasControlCharacters } from "@/lib/subscribers/control-characters";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";
import { suppressionHashes } from "@/lib/subscribers/suppression";

export const SUPPRESSION_REASONS = ["HARD_BOUNCE", "SOFT_BOUNCE", "COMPLAINT", "ERASED"] as const satisfies readonly SuppressionReason[];
export const MAX_LIFT_REASON = 500;
const HASH = /^[0-9a-f]{64}$/;

export interface SuppressionEntry {
  hash: string;
  reason: SuppressionReason;
  createdAt: Date;
}

export async function suppressionCounts(db: Db): Promise<{ reason: SuppressionReason; count: number }[]> {
  const grouped = await db.suppression.groupBy({ by: ["reason"], _count: { _all: true } });
  return SUPPRESSION_REASONS.map((reason) => ({ reason, count: grouped.find((g) => g.reason === reason)?._count._all ?? 0 }));
}

export type SuppressionLookup = { found: true; hash: string } | { found: false; why: "invalid" | "not-found" };

/** The entry of exactly this address (its canonical key, or the spelling as typed for older entries); audited. */
export async function lookUpSuppression(db: Db, rawAddress: unknown, operator: Pick<Operator, "email">, client: ClientInfo): Promise<SuppressionLookup> {
  const parsed = normaliseEmail(rawAddress);
  if (!parsed.ok) return { found: false, why: "invalid" };
  const hashes = suppressionHashes({ key: parsed.key, typed: parsed.email });
  const rows = await db.suppression.findMany({ where: { emailHash: { in: hashes } }, select: { emailHash: true } });
  const hash = hashes.find((h) => rows.some((r) => r.emailHash === h));
  await appendAudit(db, {
    actor: operator.email,
    action: "looked up suppression",
    target: hash ? `suppression ${hash}` : null,
    detail: hash ? null : "not found",
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return hash ? { found: true, hash } : { found: false, why: "not-found" };
}

export async function findSuppression(db: Db, hash: string): Promise<SuppressionEntry | null> {
  if (!HASH.test(hash)) return null;
  const row = await db.suppression.findUnique({ where: { emailHash: hash }, select: { emailHash: true, reason: true, createdAt: true } });
  return row ? { hash: row.emailHash, reason: row.reason, createdAt: row.createdAt } : null;
}

export type LiftResult = "lifted" | "not-found" | "reason-missing" | "reason-invalid";

export async function liftSuppression(db: Db, hash: string, rawReason: unknown, operator: Pick<Operator, "email">, client: ClientInfo): Promise<LiftResult> {
  const reason = typeof rawReason === "string" ? rawReason.trim() : "";
  if (reason === "") return "reason-missing";
  // Line breaks and other control characters would forge lines of the audit log's exports.
  if (reason.length > MAX_LIFT_REASON || hasControlCharacters(reason)) return "reason-invalid";
  if (!HASH.test(hash)) return "not-found";
  const row = await db.suppression.findUnique({ where: { emailHash: hash }, select: { reason: true } });
  const removed = row ? (await db.suppression.deleteMany({ where: { emailHash: hash, reason: row.reason } })).count : 0;
  const entry = removed === 1 ? "lifted" : "not-found";
  await appendAudit(db, {
    actor: operator.email,
    action: "lifted suppression",
    target: `suppression ${hash}`,
    detail: entry === "lifted" ? `was ${row!.reason.toLowerCase().replace("_", " ")}; reason: ${reason}` : `no change: not found; reason given: ${reason}`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return entry;
}
