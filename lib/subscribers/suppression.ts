// The suppression list: addresses (as hashes) that must never be mailed again, whatever else happens.
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SuppressionReason } from "@/lib/generated/prisma/enums";
import { emailHash } from "@/lib/subscribers/email-hash";

type Reader = Pick<Db | Prisma.TransactionClient, "suppression">;

export async function isSuppressed(db: Reader, normalisedEmail: string): Promise<boolean> {
  return (await db.suppression.count({ where: { emailHash: emailHash(normalisedEmail) } })) > 0;
}

export async function suppress(db: Reader, normalisedEmail: string, reason: SuppressionReason): Promise<void> {
  const hash = emailHash(normalisedEmail);
  await db.suppression.upsert({ where: { emailHash: hash }, create: { emailHash: hash, reason }, update: {} });
}
