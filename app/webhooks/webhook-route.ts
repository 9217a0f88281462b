// The shape of every provider's webhook route: read the body (bounded), hand it to the provider's function in
// lib/bounces/webhooks/, answer with its status. An outage answers 503 so the provider delivers the call again.
import { answerOutage } from "@/app/components/answer-outage";
import type { WebhookAnswer, WebhookRequest } from "@/lib/bounces/webhooks/webhook-intake";

const MAX_BODY_BYTES = 1_000_000;

export function webhookRoute(handle: (req: WebhookRequest) => Promise<WebhookAnswer>): (request: Request) => Promise<Response> {
  return answerOutage(async (request: Request) => {
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) return new Response("too large", { status: 413 });
    const body = await request.text();
    if (body.length > MAX_BODY_BYTES) return new Response("too large", { status: 413 });
    const a = await handle({ header: (name) => request.headers.get(name), body });
    return new Response(a.body, { status: a.status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  });
}
