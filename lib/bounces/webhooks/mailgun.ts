// Mailgun's webhooks ("failed" and "complained" events): the signature is HMAC-SHA256 of timestamp + token with the
// webhook signing key; the token is single-use (a replay is refused) and the timestamp must be recent.
import { createHmac } from "node:crypto";
import type { IncomingEvent } from "@/lib/bounces/apply-event";
import { verpTokensOf } from "@/lib/bounces/webhooks/verp-of";
import { answer, bracketed, lower, safeEqual, takeCall, tooOld, type WebhookAnswer, type WebhookDeps, type WebhookRequest } from "@/lib/bounces/webhooks/webhook-intake";

interface MailgunBody {
  signature?: { timestamp?: string; token?: string; signature?: string };
  "event-data"?: {
    id?: string;
    event?: string;
    severity?: string;
    reason?: string;
    recipient?: string;
    envelope?: { sender?: string };
    message?: { headers?: Record<string, string> };
    "delivery-status"?: { code?: number; message?: string; description?: string; "enhanced-code"?: string };
  };
}

export function mailgunSignature(signingKey: string, timestamp: string, token: string): string {
  return createHmac("sha256", signingKey).update(timestamp + token).digest("hex");
}

export async function handleMailgunWebhook(req: WebhookRequest, signingKey: string | undefined, deps: WebhookDeps): Promise<WebhookAnswer> {
  if (!signingKey) return answer(404, "not configured");
  let body: MailgunBody;
  try {
    body = JSON.parse(req.body) as MailgunBody;
  } catch {
    return answer(400, "not JSON");
  }
  const sig = body.signature;
  if (!sig?.timestamp || !sig.token || !sig.signature) return answer(401, "unsigned");
  if (!safeEqual(mailgunSignature(signingKey, sig.timestamp, sig.token), sig.signature)) return answer(401, "bad signature");
  if (tooOld(Number(sig.timestamp) * 1000, deps)) return answer(400, "timestamp too old");
  const ev = body["event-data"];
  if (!ev?.id || !ev.event) return answer(400, "no event");
  const events: IncomingEvent[] = [];
  const status = ev["delivery-status"];
  const kind =
    ev.event === "complained" ? "COMPLAINT" : ev.event === "failed" ? (ev.severity === "permanent" ? "HARD" : "SOFT") : null;
  if (kind) {
    events.push({
      eventKey: `mailgun:${ev.id}`,
      source: "MAILGUN",
      kind,
      verpTokens: verpTokensOf(ev.envelope?.sender),
      originalMessageId: bracketed(ev.message?.headers?.["message-id"]),
      recipient: lower(ev.recipient),
      status: status?.["enhanced-code"] ?? (status?.code ? String(status.code) : ev.event),
      detail: status?.description || status?.message || ev.reason || null,
    });
  }
  return takeCall("mailgun", sig.token, events, deps);
}
