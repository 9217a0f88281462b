// The suppression list: addresses (as hashes of their canonical key) that must not be mailed unasked.
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SuppressionReason } from "@/lib/generated/prisma/enums";
import { emailHash } from "@/lib/subscribers/email-hash";
import type { Sql } from "@/lib/digest/pg-pool";

type Reader = Pick<Db | Prisma.TransactionClient, "suppression">;

/** An address to check: its canonical key, and the spelling as typed (hashes stored before keys were canonical). */
export interface AddressForSuppression {
  key: string;
  typed?: string | null;
}

export function suppressionHashes(address: AddressForSuppression): string[] {
  return [...new Set([address.key, address.typed ?? address.key].map(emailHash))];
}

/** Why the address is suppressed, or null. A bounce or complaint wins over an erasure. */
export async function suppressionOf(db: Reader, address: AddressForSuppression): Promise<SuppressionReason | null> {
  const rows = await db.suppression.findMany({ where: { emailHash: { in: suppressionHashes(address) } }, select: { reason: true } });
  return strongestReason(rows.map((r) => r.reason));
}

/** The same answer on the send path's `pg` pool. */
export async function suppressionOfSql(sql: Sql, address: AddressForSuppression): Promise<SuppressionReason | null> {
  const rows = await sql.query<{ reason: SuppressionReason }>(`SELECT reason::text AS reason FROM "Suppression" WHERE "emailHash" = ANY($1::text[])`, [suppressionHashes(address)]);
  return strongestReason(rows.rows.map((r) => r.reason));
}

function strongestReason(reasons: SuppressionReason[]): SuppressionReason | null {
  if (reasons.length === 0) return null;
  return reasons.find((r) => r !== "ERASED") ?? "ERASED";
}

export async function isSuppressed(db: Reader, address: AddressForSuppression): Promise<boolean> {
  return (await suppressionOf(db, address)) !== null;
}

export async function suppress(db: Reader, emailKey: string, reason: SuppressionReason): Promise<void> {
  const hash = emailHash(emailKey);
  // A complaint is the strongest reason (the person said so) and replaces an earlier one; the others keep the first.
  await db.suppression.upsert({ where: { emailHash: hash }, create: { emailHash: hash, reason }, update: reason === "COMPLAINT" ? { reason } : {} });
}
