// Double opt-in: the address owner pressed the button on the confirmation page (a POST; the GET only shows it).
// Activates once, logs the confirming IP, and enqueues the welcome mail. Pressing again changes nothing.
import { logger } from "@/lib/logger";
import { recordConsentEvent } from "@/lib/consent/record-consent-event";
import { isSuppressed } from "@/lib/subscribers/suppression";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

export type ConfirmResult = "activated" | "already-active" | "not-found";

export async function confirmSubscription(
  subscriberId: string,
  actor: ActorContext,
  deps: SubscriberDeps = subscriberDeps(),
): Promise<ConfirmResult> {
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: { email: true, status: true, topics: { select: { topic: { select: { slug: true } } } } },
    });
    if (!s) return "not-found" as const;
    if (s.status === "ACTIVE") return "already-active" as const;
    if (await isSuppressed(tx, s.email)) return "not-found" as const;
    // Conditional: of two presses racing, only one activates (and only one welcome mail is enqueued).
    const won = await tx.subscriber.updateMany({
      where: { id: subscriberId, status: { in: ["PENDING", "UNSUBSCRIBED"] } },
      data: { status: "ACTIVE", confirmedAt: now, unsubscribedAt: null, pausedUntil: null },
    });
    if (won.count !== 1) return "already-active" as const;
    await recordConsentEvent(tx, {
      subscriberId,
      kind: "CONFIRM",
      email: s.email,
      topics: s.topics.map((t) => t.topic.slug),
      source: "confirm-page",
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
      at: now,
    });
    return "activated" as const;
  });
  if (result === "activated") {
    await deps.enqueue({ kind: "welcome", subscriberId }, now);
    logger().child({ component: "confirm" }).info({ subscriberId }, "subscription confirmed");
  }
  return result;
}
