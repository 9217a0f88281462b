// Unconfirmed sign-ups do not linger: once the confirmation link has expired (CONFIRM_TOKEN_TTL_HOURS after the last
// confirmation mail), a never-confirmed subscriber is deleted with its consent rows. Run by a repeatable job.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";

export async function expirePendingSignups(db: Db, now = new Date(), ttlHours = env().CONFIRM_TOKEN_TTL_HOURS): Promise<number> {
  const cutoff = new Date(now.getTime() - ttlHours * 3600_000);
  const { count } = await db.subscriber.deleteMany({
    where: {
      status: "PENDING",
      confirmedAt: null,
      createdAt: { lt: cutoff },
      OR: [{ lastConfirmationSentAt: null }, { lastConfirmationSentAt: { lt: cutoff } }],
    },
  });
  return count;
}
