// "Delete me" (GDPR art. 17): the subscriber row goes, and with it (by cascade) topics, consent log, deliveries and
// sent-paper history. Only a SHA-256 of the address stays, in Suppression, so it is never mailed again.
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { suppress } from "@/lib/subscribers/suppression";

export async function eraseSubscriber(db: Db, subscriberId: string): Promise<boolean> {
  const erased = await db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { email: true } });
    if (!s) return false;
    await suppress(tx, s.email, "ERASED");
    await tx.subscriber.delete({ where: { id: subscriberId } });
    return true;
  });
  if (erased) logger().child({ component: "erase" }).info({ subscriberId }, "subscriber erased");
  return erased;
}
