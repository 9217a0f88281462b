// Postmark's bounce and spam-complaint webhooks. Postmark does not sign its calls: the webhook URL carries HTTP basic
// auth (set the same user and password in Postmark's webhook settings). Its event ID makes a replay change nothing.
import type { IncomingEvent } from "@/lib/bounces/apply-event";
import { answer, bracketed, lower, safeEqual, takeCall, type WebhookAnswer, type WebhookDeps, type WebhookRequest } from "@/lib/bounces/webhooks/webhook-intake";

interface PostmarkBody {
  RecordType?: string;
  ID?: number | string;
  Type?: string;
  TypeCode?: number;
  MessageID?: string;
  Email?: string;
  Details?: string;
  Description?: string;
  Metadata?: Record<string, string>;
  Headers?: { Name: string; Value: string }[];
}

// Postmark's bounce types that mean the address is gone; the transient ones are soft.
const HARD = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "Unknown"]);
const SOFT = new Set(["SoftBounce", "Transient", "DnsError", "AutoResponder", "Blocked", "SMTPApiError", "ChallengeVerification"]);

export async function handlePostmarkWebhook(req: WebhookRequest, basicAuth: string | undefined, deps: WebhookDeps): Promise<WebhookAnswer> {
  if (!basicAuth) return answer(404, "not configured");
  const auth = req.header("authorization") ?? "";
  if (!auth.toLowerCase().startsWith("basic ")) return answer(401, "unsigned");
  if (!safeEqual(Buffer.from(auth.slice(6).trim(), "base64").toString("utf8"), basicAuth)) return answer(401, "bad credentials");
  let body: PostmarkBody;
  try {
    body = JSON.parse(req.body) as PostmarkBody;
  } catch {
    return answer(400, "not JSON");
  }
  if (body.ID === undefined || !body.RecordType) return answer(400, "no event");
  const type = body.Type ?? "";
  const kind =
    body.RecordType === "SpamComplaint" || type === "SpamComplaint"
      ? "COMPLAINT"
      : body.RecordType === "Bounce"
        ? HARD.has(type) ? "HARD" : SOFT.has(type) ? "SOFT" : null
        : null;
  const events: IncomingEvent[] = kind
    ? [{
        eventKey: `postmark:${body.RecordType}:${body.ID}`,
        source: "POSTMARK",
        kind,
        verpTokens: [],
        originalMessageId: bracketed(body.Headers?.find((h) => h.Name.toLowerCase() === "message-id")?.Value),
        recipient: lower(body.Email),
        status: type || body.RecordType,
        detail: body.Details || body.Description || null,
      }]
    : [];
  return takeCall("postmark", `${body.RecordType}:${body.ID}`, events, deps);
}
