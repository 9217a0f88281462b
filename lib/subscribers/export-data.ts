// "Download my data" (GDPR art. 15/20): everything kept about a subscriber, as JSON: profile, topics, the consent log
// and the delivery history (which digests went out, when, and which papers they held; and the confirmation and
// welcome mails), and what they told us through their digests (votes, saved papers).
import { feedbackForExport, type FeedbackExport } from "@/lib/feedback/feedback-store";
import { subscriberDeps, type SubscriberDeps } from "@/lib/subscribers/deps";
import { CONSENT_TEXT, CONSENT_VERSION } from "@/lib/consent/consent-text";

export interface SubscriberExport {
  exportedAt: string;
  profile: {
    email: string;
    status: string;
    frequency: string;
    pausedUntil: string | null;
    createdAt: string;
    confirmedAt: string | null;
    unsubscribedAt: string | null;
  };
  topics: { slug: string; name: string }[];
  consent: {
    currentConsentVersion: string;
    currentConsentText: string;
    events: {
      kind: string;
      at: string;
      email: string;
      topics: string[];
      consentVersion: string;
      source: string;
      ip: string | null;
      userAgent: string | null;
      detail: string | null;
    }[];
  };
  deliveries: {
    editionDate: string;
    frequency: string;
    status: string;
    sentAt: string | null;
    messageId: string | null;
    paperIds: string[];
  }[];
  /** Confirmation and welcome mails. */
  mails: { kind: string; status: string; sentAt: string | null; messageId: string | null }[];
  /** "More like this" / "Less like this" votes and saved papers from the digests' links. */
  feedback: FeedbackExport;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function exportSubscriberData(subscriberId: string, deps: SubscriberDeps = subscriberDeps()): Promise<SubscriberExport | null> {
  const now = deps.now();
  const s = await deps.db.subscriber.findUnique({
    where: { id: subscriberId },
    select: {
      email: true, emailAsTyped: true,
      status: true,
      frequency: true,
      pausedUntil: true,
      createdAt: true,
      confirmedAt: true,
      unsubscribedAt: true,
      topics: { select: { topic: { select: { slug: true, name: true, position: true } } } },
      consentEvents: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { kind: true, createdAt: true, email: true, topics: true, consentVersion: true, source: true, ip: true, userAgent: true, detail: true },
      },
      deliveries: {
        orderBy: { createdAt: "asc" },
        select: { status: true, sentAt: true, messageId: true, paperIds: true, edition: { select: { date: true, frequency: true } } },
      },
      transactionalMails: { orderBy: { createdAt: "asc" }, select: { kind: true, status: true, sentAt: true, messageId: true } },
    },
  });
  if (!s) return null;
  const feedback = await feedbackForExport(deps.db, subscriberId);
  return {
    exportedAt: now.toISOString(),
    profile: {
      email: s.emailAsTyped ?? s.email,
      status: s.status.toLowerCase(),
      frequency: s.frequency.toLowerCase(),
      pausedUntil: iso(s.pausedUntil),
      createdAt: s.createdAt.toISOString(),
      confirmedAt: iso(s.confirmedAt),
      unsubscribedAt: iso(s.unsubscribedAt),
    },
    topics: s.topics
      .map((t) => t.topic)
      .sort((a, b) => a.position - b.position)
      .map(({ slug, name }) => ({ slug, name })),
    consent: {
      currentConsentVersion: CONSENT_VERSION,
      currentConsentText: CONSENT_TEXT,
      events: s.consentEvents.map((e) => ({
        kind: e.kind.toLowerCase(),
        at: e.createdAt.toISOString(),
        email: e.email,
        topics: e.topics,
        consentVersion: e.consentVersion,
        source: e.source,
        ip: e.ip,
        userAgent: e.userAgent,
        detail: e.detail,
      })),
    },
    deliveries: s.deliveries.map((d) => ({
      editionDate: d.edition.date.toISOString().slice(0, 10),
      frequency: d.edition.frequency.toLowerCase(),
      status: d.status.toLowerCase(),
      sentAt: iso(d.sentAt),
      messageId: d.messageId,
      paperIds: d.paperIds,
    })),
    mails: s.transactionalMails.map((m) => ({
      kind: m.kind.toLowerCase(),
      status: m.status.toLowerCase(),
      sentAt: iso(m.sentAt),
      messageId: m.messageId,
    })),
    feedback,
  };
}
