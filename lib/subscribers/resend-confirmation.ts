// A new confirmation mail for a pending sign-up, asked for by an operator (the person says the first one never came).
// The same rules as the sign-up form's: at most one confirmation mail per address a day, guarded by the Redis slot
// and by the row's lastConfirmationSentAt, and sent by the transactional worker, never inline.
import { randomUUID } from "node:crypto";
import { CONFIRMATION_MAIL_WINDOW_SECONDS, takeConfirmationMailSlot } from "@/lib/rate-limit/signup-limits";
import { claimConfirmationMail } from "@/lib/subscribers/signup-store";
import { queueConfirmationMail } from "@/lib/subscribers/signup";
import { suppressionOf } from "@/lib/subscribers/suppression";
import { subscriberDeps, type SubscriberDeps } from "@/lib/subscribers/deps";

export type ResendResult = "queued" | "not-found" | "not-pending" | "suppressed" | "sent-today";

export async function resendConfirmation(subscriberId: string, deps: SubscriberDeps = subscriberDeps()): Promise<ResendResult> {
  const s = await deps.db.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true, email: true, emailAsTyped: true, status: true } });
  if (!s) return "not-found";
  if (s.status !== "PENDING") return "not-pending";
  // An erasure's suppression does not stop it: a pending sign-up after an erasure is the person asking again.
  const suppression = await suppressionOf(deps.db, { key: s.email, typed: s.emailAsTyped });
  if (suppression && suppression !== "ERASED") return "suppressed";
  if (!(await takeConfirmationMailSlot(deps.redis, s.email))) return "sent-today";
  const now = deps.now();
  // The slot stays taken when the row says a mail went out within the day (Redis was emptied since): that is true.
  if (!(await claimConfirmationMail(deps.sql, s.id, now, new Date(now.getTime() - CONFIRMATION_MAIL_WINDOW_SECONDS * 1000), randomUUID()))) return "sent-today";
  await queueConfirmationMail(deps, s.id, s.email, now);
  return "queued";
}
