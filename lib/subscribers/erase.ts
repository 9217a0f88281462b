// "Delete me" (GDPR art. 17): the subscriber row goes, and with it (by cascade) topics, consent log, deliveries and
// sent-paper history. Only a SHA-256 of the address's key stays, in Suppression, so it is never mailed unasked; a new
// sign-up is the person asking, so the address's once-a-day confirmation slot goes too.
import { logger } from "@/lib/logger";
import { releaseConfirmationMailSlot } from "@/lib/rate-limit/signup-limits";
import { subscriberDeps, type SubscriberDeps } from "@/lib/subscribers/deps";
import { suppress } from "@/lib/subscribers/suppression";

export async function eraseSubscriber(subscriberId: string, deps: SubscriberDeps = subscriberDeps()): Promise<boolean> {
  const erasedKey = await deps.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { email: true } });
    if (!s) return null;
    await suppress(tx, s.email, "ERASED");
    await tx.subscriber.delete({ where: { id: subscriberId } });
    return s.email;
  });
  if (erasedKey === null) return false;
  await releaseConfirmationMailSlot(deps.redis, erasedKey);
  logger().child({ component: "erase" }).info({ subscriberId }, "subscriber erased");
  return true;
}
