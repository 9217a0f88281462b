// SendGrid's signed Event Webhook: an ECDSA (P-256, SHA-256) signature of timestamp + body with the public key shown
// in SendGrid's settings; the timestamp must be recent and a signature is taken once.
import { createPublicKey, createVerify } from "node:crypto";
import type { IncomingEvent } from "@/lib/bounces/apply-event";
import { answer, bracketed, lower, takeCall, tooOld, type WebhookAnswer, type WebhookDeps, type WebhookRequest } from "@/lib/bounces/webhooks/webhook-intake";

interface SendgridEvent {
  event?: string;
  type?: string;
  email?: string;
  sg_event_id?: string;
  "smtp-id"?: string;
  status?: string;
  reason?: string;
}

export const SENDGRID_SIGNATURE = "x-twilio-email-event-webhook-signature";
export const SENDGRID_TIMESTAMP = "x-twilio-email-event-webhook-timestamp";

export function verifySendgrid(publicKeyBase64: string, timestamp: string, body: string, signatureBase64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, "base64"), format: "der", type: "spki" });
    return createVerify("sha256").update(timestamp + body).verify(key, Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}

export async function handleSendgridWebhook(req: WebhookRequest, publicKey: string | undefined, deps: WebhookDeps): Promise<WebhookAnswer> {
  if (!publicKey) return answer(404, "not configured");
  const signature = req.header(SENDGRID_SIGNATURE);
  const timestamp = req.header(SENDGRID_TIMESTAMP);
  if (!signature || !timestamp) return answer(401, "unsigned");
  if (!verifySendgrid(publicKey, timestamp, req.body, signature)) return answer(401, "bad signature");
  if (tooOld(Number(timestamp) * 1000, deps)) return answer(400, "timestamp too old");
  let list: SendgridEvent[];
  try {
    list = JSON.parse(req.body) as SendgridEvent[];
    if (!Array.isArray(list)) throw new Error("not a list");
  } catch {
    return answer(400, "not a JSON list of events");
  }
  const events: IncomingEvent[] = [];
  for (const e of list) {
    if (!e.sg_event_id) continue;
    const kind =
      e.event === "spamreport" ? "COMPLAINT" : e.event === "bounce" ? (e.type === "blocked" ? "SOFT" : "HARD") : e.event === "deferred" ? "DELAYED" : null;
    if (!kind) continue;
    events.push({
      eventKey: `sendgrid:${e.sg_event_id}`,
      source: "SENDGRID",
      kind,
      verpTokens: [],
      originalMessageId: bracketed(e["smtp-id"]),
      recipient: lower(e.email),
      status: e.status ?? e.event ?? null,
      detail: e.reason ?? null,
    });
  }
  return takeCall("sendgrid", signature, events, deps);
}
