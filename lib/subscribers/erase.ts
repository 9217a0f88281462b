// "Delete me" (GDPR art. 17): the subscriber row goes, and with it (by cascade) topics, consent log, deliveries and
// sent-paper history. Only a SHA-256 of the address's key stays, in Suppression, so it is never mailed unasked; a new
// sign-up is the person asking, so the address's once-a-day confirmation slot goes too.
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { redis as sharedRedis } from "@/lib/redis";
import { releaseConfirmationMailSlot } from "@/lib/rate-limit/signup-limits";
import { suppress } from "@/lib/subscribers/suppression";

export async function eraseSubscriber(db: Db, subscriberId: string, redis: Redis = sharedRedis()): Promise<boolean> {
  const erasedKey = await db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { email: true } });
    if (!s) return null;
    await suppress(tx, s.email, "ERASED");
    await tx.subscriber.delete({ where: { id: subscriberId } });
    return s.email;
  });
  if (erasedKey === null) return false;
  await releaseConfirmationMailSlot(redis, erasedKey);
  logger().child({ component: "erase" }).info({ subscriberId }, "subscriber erased");
  return true;
}
