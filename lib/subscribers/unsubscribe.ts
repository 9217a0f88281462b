// Leaving and coming back. Unsubscribing is idempotent and takes effect at once (the digest sender checks the status
// again when it claims a delivery). Coming back through the manage link needs no new confirmation, because the
// manage link only ever went to an address that was confirmed.
import { consentContext, recordConsentEvent, type ConsentSource } from "@/lib/consent/record-consent-event";
import { isSuppressed } from "@/lib/subscribers/suppression";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

export type UnsubscribeResult = "unsubscribed" | "already-unsubscribed" | "not-found";

export async function unsubscribe(
  subscriberId: string,
  actor: ActorContext & { source: ConsentSource; editionId?: string; detail?: string },
  deps: SubscriberDeps = subscriberDeps(),
): Promise<UnsubscribeResult> {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: { email: true, emailAsTyped: true, topics: { select: { topic: { select: { slug: true } } } } },
    });
    if (!s) return "not-found";
    const changed = await tx.subscriber.updateMany({
      where: { id: subscriberId, status: { not: "UNSUBSCRIBED" } },
      // An unused confirmation link and a sign-up's pending choices die with the unsubscribe: only a new sign-up,
      // confirmed from the inbox, brings the address back.
      data: { status: "UNSUBSCRIBED", unsubscribedAt: now, confirmationId: null, pendingFrequency: null, pendingTopicIds: [] },
    });
    if (changed.count === 0) return "already-unsubscribed";
    await recordConsentEvent(tx, {
      subscriberId,
      kind: "UNSUBSCRIBE",
      ...consentContext(s, s.topics.map((t) => t.topic.slug), actor.source, actor, now),
      detail: [actor.detail, actor.editionId ? `from edition ${actor.editionId}` : null].filter(Boolean).join(", ") || null,
    });
    return "unsubscribed";
  });
}

export type ResubscribeResult = "resubscribed" | "already-active" | "needs-confirmation" | "not-found";

export async function resubscribe(subscriberId: string, actor: ActorContext, deps: SubscriberDeps = subscriberDeps()): Promise<ResubscribeResult> {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: { email: true, emailAsTyped: true, status: true, confirmedAt: true, topics: { select: { topic: { select: { slug: true } } } } },
    });
    if (!s) return "not-found";
    if (s.status === "ACTIVE") return "already-active";
    // Never confirmed: only the confirmation link may activate it.
    if (!s.confirmedAt) return "needs-confirmation";
    if (await isSuppressed(tx, { key: s.email, typed: s.emailAsTyped })) return "not-found";
    const changed = await tx.subscriber.updateMany({
      where: { id: subscriberId, status: "UNSUBSCRIBED" },
      // The owner's own choices come back; a pending sign-up's link and choices are overtaken.
      data: { status: "ACTIVE", unsubscribedAt: null, confirmationId: null, pendingFrequency: null, pendingTopicIds: [] },
    });
    if (changed.count === 0) return "already-active";
    await recordConsentEvent(tx, {
      subscriberId,
      kind: "RESUBSCRIBE",
      ...consentContext(s, s.topics.map((t) => t.topic.slug), "manage-page", actor, now),
    });
    return "resubscribed";
  });
}
