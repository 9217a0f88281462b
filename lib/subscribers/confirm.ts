// Double opt-in: the address owner pressed the button on the confirmation page (a POST; the GET only shows it).
// A confirmation link confirms one pending sign-up, once: its subject (Subscriber.confirmationId) is cleared when it
// is used and when the person unsubscribes, so an old link can never undo a later unsubscribe. Confirming applies
// the sign-up's pending choices, lifts an earlier erasure's suppression, logs the confirming IP and enqueues the
// welcome mail.
import { logger } from "@/lib/logger";
import { consentContext, recordConsentEvent } from "@/lib/consent/record-consent-event";
import { emailHash } from "@/lib/subscribers/email-hash";
import { suppressionOf } from "@/lib/subscribers/suppression";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";
import { verifyToken } from "@/lib/tokens/tokens";

/** invalid: not a genuine, unexpired confirmation link. used: genuine, but already used or overtaken since. */
export type ConfirmationLink = { state: "invalid" } | { state: "used" } | { state: "open"; confirmationId: string };

export type ConfirmResult = { state: "invalid" } | { state: "used" } | { state: "activated"; subscriberId: string };

function confirmationIdOf(token: unknown): string | null {
  return verifyToken(typeof token === "string" ? token : null, "confirm")?.subscriberId ?? null;
}

/** What the confirmation page shows for a link (changes nothing: mail scanners fetch links). */
export async function confirmationLink(token: unknown, deps: SubscriberDeps = subscriberDeps()): Promise<ConfirmationLink> {
  const confirmationId = confirmationIdOf(token);
  if (!confirmationId) return { state: "invalid" };
  const s = await deps.db.subscriber.findUnique({ where: { confirmationId }, select: { email: true, emailAsTyped: true } });
  if (!s) return { state: "used" };
  const suppression = await suppressionOf(deps.db, { key: s.email, typed: s.emailAsTyped });
  if (suppression && suppression !== "ERASED") return { state: "invalid" };
  return { state: "open", confirmationId };
}

export async function confirmSubscription(token: unknown, actor: ActorContext, deps: SubscriberDeps = subscriberDeps()): Promise<ConfirmResult> {
  const confirmationId = confirmationIdOf(token);
  if (!confirmationId) return { state: "invalid" };
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx): Promise<ConfirmResult> => {
    const s = await tx.subscriber.findUnique({
      where: { confirmationId },
      select: { id: true, email: true, emailAsTyped: true, frequency: true, pendingFrequency: true, pendingTopicIds: true },
    });
    if (!s) return { state: "used" };
    const suppression = await suppressionOf(tx, { key: s.email, typed: s.emailAsTyped });
    if (suppression && suppression !== "ERASED") return { state: "invalid" };
    // Conditional: of two presses racing, only one activates (and only one welcome mail is enqueued).
    const won = await tx.subscriber.updateMany({
      where: { id: s.id, confirmationId, status: { in: ["PENDING", "UNSUBSCRIBED"] } },
      data: {
        status: "ACTIVE",
        confirmedAt: now,
        unsubscribedAt: null,
        pausedUntil: null,
        confirmationId: null,
        frequency: s.pendingFrequency ?? s.frequency,
        pendingFrequency: null,
        pendingTopicIds: [],
      },
    });
    if (won.count !== 1) return { state: "used" };
    if (s.pendingFrequency) {
      // Topics removed since the sign-up are skipped; if none is left the row keeps the topics it had.
      const still = await tx.topic.findMany({ where: { id: { in: s.pendingTopicIds }, active: true }, select: { id: true } });
      if (still.length) {
        await tx.subscriberTopic.deleteMany({ where: { subscriberId: s.id } });
        await tx.subscriberTopic.createMany({ data: still.map((t) => ({ subscriberId: s.id, topicId: t.id })) });
      }
    }
    const topics = await tx.subscriberTopic.findMany({ where: { subscriberId: s.id }, select: { topic: { select: { slug: true } } } });
    const event = { subscriberId: s.id, ...consentContext(s, topics.map((t) => t.topic.slug), "confirm-page", actor, now) };
    await recordConsentEvent(tx, { ...event, kind: "CONFIRM" });
    if (suppression === "ERASED") {
      await tx.suppression.deleteMany({ where: { emailHash: { in: [emailHash(s.email), emailHash(s.emailAsTyped ?? s.email)] }, reason: "ERASED" } });
      await recordConsentEvent(tx, { ...event, kind: "SUPPRESSION_LIFTED", detail: "the address was erased earlier; this confirmed sign-up lifts its suppression" });
    }
    return { state: "activated", subscriberId: s.id };
  });
  if (result.state === "activated") {
    await deps.enqueue({ kind: "welcome", subscriberId: result.subscriberId }, now);
    logger().child({ component: "confirm" }).info({ subscriberId: result.subscriberId }, "subscription confirmed");
  }
  return result;
}
