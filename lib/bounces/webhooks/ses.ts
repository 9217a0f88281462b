// Amazon SES bounce and complaint notifications, delivered by SNS. Every SNS message is verified before anything is
// read from it: the SigningCertURL must be https on a host matching the trusted pattern (Amazon's SNS hosts by
// default) and end in .pem; the certificate is fetched from there and the signature (SignatureVersion 1: SHA1 with
// RSA, 2: SHA256 with RSA) checked over SNS's canonical string; the topic must be one configured; the Timestamp must
// be recent and a MessageId is taken once. A verified SubscriptionConfirmation is confirmed by visiting its
// SubscribeURL (same host rule).
import { X509Certificate, createVerify } from "node:crypto";
import type { IncomingEvent } from "@/lib/bounces/apply-event";
import { verpTokensOf } from "@/lib/bounces/webhooks/verp-of";
import { answer, bracketed, lower, takeCall, tooOld, type WebhookAnswer, type WebhookDeps, type WebhookRequest } from "@/lib/bounces/webhooks/webhook-intake";

export const DEFAULT_SNS_HOST_PATTERN = "^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$";

export interface SnsSettings {
  /** Topics whose messages are accepted (their ARNs). */
  topicArns: string[];
  /** Matched against the host (with the port, when not 443) of SigningCertURL and SubscribeURL. */
  hostPattern: RegExp;
  /** Fetches a URL that passed the host check, e.g. the certificate. */
  fetchText: (url: string) => Promise<string>;
}

interface SnsMessage {
  Type?: string;
  MessageId?: string;
  TopicArn?: string;
  Subject?: string;
  Message?: string;
  Timestamp?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  SubscribeURL?: string;
  Token?: string;
}

const FIELDS: Record<string, (keyof SnsMessage)[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

/** The string SNS signs: each present field's name and value on lines of their own, in this order. */
export function snsStringToSign(m: SnsMessage): string | null {
  const fields = m.Type ? FIELDS[m.Type] : undefined;
  if (!fields) return null;
  let out = "";
  for (const f of fields) {
    const v = m[f];
    if (v === undefined) {
      if (f === "Subject") continue;
      return null;
    }
    out += `${f}\n${v}\n`;
  }
  return out;
}

/** The URL, when it is https on a trusted host; else null. */
export function trustedUrl(raw: string | undefined, hostPattern: RegExp, pathSuffix?: string): URL | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password) return null;
  if (!hostPattern.test(url.host)) return null;
  if (pathSuffix && !url.pathname.endsWith(pathSuffix)) return null;
  return url;
}

const certificates = new Map<string, Promise<X509Certificate>>();

async function certificate(url: URL, s: SnsSettings): Promise<X509Certificate> {
  let c = certificates.get(url.href);
  if (!c) {
    c = s.fetchText(url.href).then((pem) => new X509Certificate(pem));
    c.catch(() => certificates.delete(url.href));
    certificates.set(url.href, c);
  }
  return c;
}

export async function verifySnsMessage(m: SnsMessage, s: SnsSettings): Promise<boolean> {
  const text = snsStringToSign(m);
  if (!text || !m.Signature) return false;
  const algorithm = m.SignatureVersion === "1" ? "RSA-SHA1" : m.SignatureVersion === "2" ? "RSA-SHA256" : null;
  if (!algorithm) return false;
  const certUrl = trustedUrl(m.SigningCertURL, s.hostPattern, ".pem");
  if (!certUrl) return false;
  try {
    const cert = await certificate(certUrl, s);
    const now = new Date();
    if (new Date(cert.validFrom) > now || new Date(cert.validTo) < now) return false;
    return createVerify(algorithm).update(text, "utf8").verify(cert.publicKey, Buffer.from(m.Signature, "base64"));
  } catch {
    return false;
  }
}

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: { messageId?: string; source?: string; commonHeaders?: { messageId?: string }; headers?: { name: string; value: string }[] };
  bounce?: {
    bounceType?: string;
    bounceSubType?: string;
    feedbackId?: string;
    bouncedRecipients?: { emailAddress?: string; status?: string; diagnosticCode?: string; action?: string }[];
  };
  complaint?: { feedbackId?: string; complaintFeedbackType?: string; complainedRecipients?: { emailAddress?: string }[] };
}

function sesEvents(n: SesNotification, snsMessageId: string): IncomingEvent[] {
  const type = n.notificationType ?? n.eventType;
  const mail = n.mail ?? {};
  const originalMessageId = bracketed(mail.commonHeaders?.messageId ?? mail.headers?.find((h) => h.name.toLowerCase() === "message-id")?.value);
  const verpTokens = verpTokensOf(mail.source);
  if (type === "Bounce" && n.bounce) {
    const b = n.bounce;
    // Permanent: the address is gone. Transient and Undetermined: may work later.
    const kind = b.bounceType === "Permanent" ? "HARD" : "SOFT";
    const recipients = b.bouncedRecipients?.length ? b.bouncedRecipients : [{}];
    return recipients.map((r, i) => ({
      eventKey: `ses:${b.feedbackId ?? snsMessageId}#${i}`,
      source: "SES" as const,
      kind,
      verpTokens,
      originalMessageId,
      recipient: lower(r.emailAddress),
      status: r.status ?? `${b.bounceType ?? ""}/${b.bounceSubType ?? ""}`,
      detail: r.diagnosticCode ?? null,
    }));
  }
  if (type === "Complaint" && n.complaint) {
    const c = n.complaint;
    // "not-spam" is a recipient taking a message out of the spam folder: not a complaint.
    if (c.complaintFeedbackType === "not-spam") return [];
    const recipients = c.complainedRecipients?.length ? c.complainedRecipients : [{}];
    return recipients.map((r, i) => ({
      eventKey: `ses:${c.feedbackId ?? snsMessageId}#${i}`,
      source: "SES" as const,
      kind: "COMPLAINT" as const,
      verpTokens,
      originalMessageId,
      recipient: lower(r.emailAddress),
      status: c.complaintFeedbackType ?? "abuse",
      detail: null,
    }));
  }
  return [];
}

export async function handleSesWebhook(req: WebhookRequest, s: SnsSettings, deps: WebhookDeps): Promise<WebhookAnswer> {
  if (s.topicArns.length === 0) return answer(404, "not configured");
  let m: SnsMessage;
  try {
    m = JSON.parse(req.body) as SnsMessage;
  } catch {
    return answer(400, "not JSON");
  }
  if (!m.Signature || !m.SigningCertURL) return answer(401, "unsigned");
  if (!(await verifySnsMessage(m, s))) return answer(401, "bad signature");
  if (!m.TopicArn || !s.topicArns.includes(m.TopicArn)) return answer(403, "topic not accepted");
  if (tooOld(Date.parse(m.Timestamp ?? ""), deps)) return answer(400, "timestamp too old");
  if (m.Type === "SubscriptionConfirmation") {
    const url = trustedUrl(m.SubscribeURL, s.hostPattern);
    if (!url) return answer(400, "untrusted SubscribeURL");
    await s.fetchText(url.href);
    return answer(200, "subscription confirmed");
  }
  if (m.Type !== "Notification") return answer(200, "nothing to do");
  let n: SesNotification;
  try {
    n = JSON.parse(m.Message ?? "") as SesNotification;
  } catch {
    return answer(400, "Message is not JSON");
  }
  return takeCall("ses", m.MessageId!, sesEvents(n, m.MessageId!), deps);
}
