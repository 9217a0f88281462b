// Applies one bounce or complaint event, whichever intake it came from (bounce mail, a mailbox, a provider's
// webhook): finds the mail it is about, stores it once, and acts on it.
//   HARD      the delivery (or transactional mail) becomes BOUNCED and counts toward HARD_BOUNCE_LIMIT, through the
//             same count the send path uses for a 5xx on the spot (countHardBounce)
//   SOFT      stored; the address is suppressed once soft bounces came on SOFT_BOUNCE_DAYS different days
//   COMPLAINT the subscriber is unsubscribed at once (consent log), the address suppressed (COMPLAINT), and the
//             edition's complaint rate checked
//   DELAYED   stored only
// A replayed event finds its row and changes nothing. An event whose VERP id does not verify is stored as
// "forged-id" and does nothing else.
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import type { BounceKind, BounceSource } from "@/lib/generated/prisma/enums";
import { countHardBounce, deliveryByMessageId, deliveryTarget, latestAcceptedDelivery, recordLateBounce } from "@/lib/digest/delivery-store";
import { findMailTarget, recordMailLateBounce } from "@/lib/subscribers/mail/transactional-store";
import { suppress } from "@/lib/subscribers/suppression";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { subscriberDeps, type SubscriberDeps } from "@/lib/subscribers/deps";
import { emailKey } from "@/lib/subscribers/normalise-email";
import { verifyMailRef } from "@/lib/tokens/tokens";
import { setOutcome, softBounceDays, storeEvent } from "@/lib/bounces/bounce-store";
import { checkComplaintRate, type ComplaintGuardSettings } from "@/lib/bounces/complaint-guard";
import { logger } from "@/lib/logger";

export interface IncomingEvent {
  /** The provider's event id, or the report's Message-ID and recipient: what makes the event stored once. */
  eventKey: string;
  source: BounceSource;
  kind: BounceKind;
  /** VERP ids found (the envelope's first). */
  verpTokens: string[];
  /** The Message-ID of the mail the event is about. */
  originalMessageId: string | null;
  /** The recipient the event names (lower-case), when the report did not redact it. */
  recipient: string | null;
  status: string | null;
  detail: string | null;
}

export interface ApplySettings extends ComplaintGuardSettings {
  hardBounceLimit: number;
  softBounceDays: number;
}

export interface ApplyDeps {
  db: Db;
  sql: Sql;
  settings: ApplySettings;
  subscribers?: SubscriberDeps;
  /** The clock of receivedAt (soft bounces count per day). */
  now?: () => Date;
}

export type ApplyResult = { kind: "duplicate" } | { kind: "applied"; outcome: string };

interface Target {
  deliveryId?: string;
  transactionalMailId?: string;
  editionId?: string;
  subscriberId: string;
}

type Resolution = { kind: "target"; target: Target } | { kind: "forged" } | { kind: "unmatched" };

async function resolve(e: IncomingEvent, deps: ApplyDeps): Promise<Resolution> {
  if (e.verpTokens.length > 0) {
    for (const token of e.verpTokens) {
      const ref = verifyMailRef(token);
      if (!ref) continue;
      if (ref.kind === "delivery") {
        const d = await deliveryTarget(deps.sql, ref.id);
        if (d) return { kind: "target", target: { deliveryId: d.id, editionId: d.editionId, subscriberId: d.subscriberId } };
      } else {
        const m = await findMailTarget(deps.db, { id: ref.id });
        if (m) return { kind: "target", target: { transactionalMailId: m.id, subscriberId: m.subscriberId } };
      }
      // A genuine id of a row since erased (with its subscriber): nothing left to act on.
      return { kind: "unmatched" };
    }
    return { kind: "forged" };
  }
  if (e.originalMessageId) {
    const d = await deliveryByMessageId(deps.sql, e.originalMessageId);
    if (d) return { kind: "target", target: { deliveryId: d.id, editionId: d.editionId, subscriberId: d.subscriberId } };
    const m = await findMailTarget(deps.db, { messageId: e.originalMessageId });
    if (m) return { kind: "target", target: { transactionalMailId: m.id, subscriberId: m.subscriberId } };
  }
  if (e.recipient) {
    const s = await deps.db.subscriber.findUnique({ where: { email: emailKey(e.recipient) }, select: { id: true } });
    // Only the address (a provider that reports no headers of the original): its latest accepted digest.
    const d = s ? await latestAcceptedDelivery(deps.sql, s.id) : null;
    if (d) return { kind: "target", target: { deliveryId: d.id, editionId: d.editionId, subscriberId: d.subscriberId } };
    if (s) return { kind: "target", target: { subscriberId: s.id } };
  }
  return { kind: "unmatched" };
}

export async function applyEvent(e: IncomingEvent, deps: ApplyDeps): Promise<ApplyResult> {
  const resolution = await resolve(e, deps);
  const target = resolution.kind === "target" ? resolution.target : null;
  const stored = await storeEvent(deps.db, {
    eventKey: e.eventKey.slice(0, 500),
    source: e.source,
    kind: e.kind,
    deliveryId: target?.deliveryId ?? null,
    transactionalMailId: target?.transactionalMailId ?? null,
    subscriberId: target?.subscriberId ?? null,
    editionId: target?.editionId ?? null,
    status: e.status,
    detail: e.detail,
    receivedAt: deps.now?.() ?? new Date(),
  });
  if (stored.kind === "duplicate") return { kind: "duplicate" };

  const log = logger().child({ component: "bounces", source: e.source, kind: e.kind, eventId: stored.id });
  let outcome: string;
  if (resolution.kind === "forged") {
    outcome = "forged-id";
    log.warn("bounce report with a VERP id that does not verify; ignored");
  } else if (!target) {
    outcome = "unmatched";
    log.info("bounce report matches no mail of ours; stored only");
  } else {
    outcome = await act(e, target, deps);
    log.info({ subscriberId: target.subscriberId, deliveryId: target.deliveryId, outcome }, "bounce report applied");
  }
  await setOutcome(deps.db, stored.id, outcome);
  return { kind: "applied", outcome };
}

async function act(e: IncomingEvent, t: Target, deps: ApplyDeps): Promise<string> {
  const detail = [e.status, e.detail].filter(Boolean).join(" ") || `${e.kind.toLowerCase()} reported`;
  switch (e.kind) {
    case "DELAYED":
      return "delayed";
    case "HARD": {
      // Counted only by the call that moved the row, so a bounce reported twice (two intakes, a replay) counts once.
      let changed: boolean;
      if (t.deliveryId) changed = await recordLateBounce(deps.sql, t.deliveryId, `bounced after acceptance: ${detail}`);
      else if (t.transactionalMailId) changed = await recordMailLateBounce(deps.db, t.transactionalMailId, `bounced after acceptance: ${detail}`);
      else changed = true;
      if (!changed) return "already-bounced";
      const suppressed = await countHardBounce(deps.sql, t.subscriberId, deps.settings.hardBounceLimit);
      return suppressed ? "bounced-suppressed" : "bounced";
    }
    case "SOFT": {
      const days = await softBounceDays(deps.db, t.subscriberId);
      if (days < deps.settings.softBounceDays) return "soft-counted";
      const s = await deps.db.subscriber.findUnique({ where: { id: t.subscriberId }, select: { email: true } });
      if (s) await suppress(deps.db, s.email, "SOFT_BOUNCE");
      return "soft-suppressed";
    }
    case "COMPLAINT": {
      const subs = deps.subscribers ?? subscriberDeps({ db: deps.db });
      await unsubscribe(t.subscriberId, { source: "complaint", detail: `spam complaint (${e.status ?? "abuse"}) from the mailbox provider`, ...(t.editionId ? { editionId: t.editionId } : {}) }, subs);
      const s = await deps.db.subscriber.findUnique({ where: { id: t.subscriberId }, select: { email: true } });
      if (s) await suppress(deps.db, s.email, "COMPLAINT");
      if (t.editionId) await checkComplaintRate(deps.db, deps.sql, t.editionId, deps.settings);
      return "unsubscribed-suppressed";
    }
  }
}
