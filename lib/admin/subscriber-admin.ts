// The console's view of one subscriber and what an operator may do to one: look an address up (exactly, never a
// list or a partial match), see its state, choices, consent log and recent deliveries, unsubscribe it, send its
// confirmation mail again, or erase it. Every look-up and action goes through lib/subscribers and into the audit log;
// the audit log names a subscriber by id (an address only masked), so it holds no address in clear.
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";
import type { ClientInfo } from "@/lib/http/client-info";
import { maskEmail } from "@/lib/subscribers/mask-email";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";
import { suppressionOf } from "@/lib/subscribers/suppression";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { resendConfirmation, type ResendResult } from "@/lib/subscribers/resend-confirmation";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import type { SubscriberDeps } from "@/lib/subscribers/deps";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const RECENT_DELIVERIES = 30;

export type LookupResult = { found: true; id: string } | { found: false; why: "invalid" | "not-found" };

/** The subscriber with exactly this address (canonicalised), audited either way. */
/** The subscriber with exactly this address, in its canonical form (no partial matches, by design); null: not an address. */
export async function subscriberByExactAddress(db: Db, rawAddress: unknown): Promise<{ key: string; id: string | null } | null> {
  const parsed = normaliseEmail(rawAddress);
  if (!parsed.ok) return null;
  const s = await db.subscriber.findUnique({ where: { email: parsed.key }, select: { id: true } });
  return { key: parsed.key, id: s?.id ?? null };
}

export async function lookUpSubscriber(db: Db, rawAddress: unknown, operator: Pick<Operator, "email">, client: ClientInfo): Promise<LookupResult> {
  const found = await subscriberByExactAddress(db, rawAddress);
  if (!found) return { found: false, why: "invalid" };
  const s = found.id ? { id: found.id } : null;
  await appendAudit(db, {
    actor: operator.email,
    action: "looked up subscriber",
    target: s ? `subscriber ${s.id}` : maskEmail(found.key),
    detail: s ? null : "not found",
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return s ? { found: true, id: s.id } : { found: false, why: "not-found" };
}

export interface SubscriberDetail {
  id: string;
  email: string;
  status: "PENDING" | "ACTIVE" | "UNSUBSCRIBED";
  frequency: string;
  topics: string[];
  pendingChoices: boolean;
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  pausedUntil: Date | null;
  lastConfirmationSentAt: Date | null;
  suppression: string | null;
  consent: { kind: string; at: Date; source: string; topics: string[]; detail: string | null; ip: string | null }[];
  deliveries: { editionDate: string; frequency: string; status: string; sentAt: Date | null }[];
}

export async function subscriberDetail(db: Db, id: string): Promise<SubscriberDetail | null> {
  if (!UUID.test(id)) return null;
  const s = await db.subscriber.findUnique({
    where: { id },
    select: {
      id: true, email: true, emailAsTyped: true, status: true, frequency: true, createdAt: true, confirmedAt: true, unsubscribedAt: true,
      pausedUntil: true, lastConfirmationSentAt: true, pendingFrequency: true,
      topics: { select: { topic: { select: { slug: true } } } },
      consentEvents: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { kind: true, createdAt: true, source: true, topics: true, detail: true, ip: true } },
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: RECENT_DELIVERIES,
        select: { status: true, sentAt: true, edition: { select: { date: true, frequency: true } } },
      },
    },
  });
  if (!s) return null;
  return {
    id: s.id,
    email: s.emailAsTyped ?? s.email,
    status: s.status,
    frequency: s.frequency.toLowerCase(),
    topics: s.topics.map((t) => t.topic.slug).sort(),
    pendingChoices: s.pendingFrequency !== null,
    createdAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    unsubscribedAt: s.unsubscribedAt,
    pausedUntil: s.pausedUntil,
    lastConfirmationSentAt: s.lastConfirmationSentAt,
    suppression: await suppressionOf(db, { key: s.email, typed: s.emailAsTyped }),
    consent: s.consentEvents.map((e) => ({ kind: e.kind, at: e.createdAt, source: e.source, topics: e.topics, detail: e.detail, ip: e.ip })),
    deliveries: s.deliveries.map((d) => ({ editionDate: d.edition.date.toISOString().slice(0, 10), frequency: d.edition.frequency.toLowerCase(), status: d.status, sentAt: d.sentAt })),
  };
}

export type SubscriberAction = "unsubscribe" | "resend-confirmation" | "erase";

/** What happened, named for the page's notice (`?<action>=<result>`). */
export type ActionResult = "done" | "unchanged" | "not-found" | Exclude<ResendResult, "queued">;

const AUDIT_ACTION: Record<SubscriberAction, string> = {
  unsubscribe: "unsubscribed subscriber",
  "resend-confirmation": "resent confirmation mail",
  erase: "erased subscriber",
};

export async function actOnSubscriber(
  deps: SubscriberDeps,
  action: SubscriberAction,
  id: string,
  operator: Pick<Operator, "email">,
  client: ClientInfo,
): Promise<ActionResult> {
  if (!UUID.test(id)) return "not-found";
  let result: ActionResult;
  if (action === "unsubscribe") {
    const r = await unsubscribe(id, { source: "console", ip: client.ip, userAgent: client.userAgent, detail: "by an operator" }, deps);
    result = r === "unsubscribed" ? "done" : r === "not-found" ? "not-found" : "unchanged";
  } else if (action === "resend-confirmation") {
    const r = await resendConfirmation(id, deps);
    result = r === "queued" ? "done" : r;
  } else {
    result = (await eraseSubscriber(id, deps)) ? "done" : "not-found";
  }
  await appendAudit(deps.db, {
    actor: operator.email,
    action: AUDIT_ACTION[action],
    target: `subscriber ${id}`,
    detail: result === "done" ? null : `no change: ${result}`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return result;
}
