// Postmark's bounce and spam-complaint webhooks (basic auth checked in lib/bounces/webhooks/postmark.ts).
import { env } from "@/lib/env";
import { handlePostmarkWebhook } from "@/lib/bounces/webhooks/postmark";
import { webhookDeps } from "@/lib/bounces/webhooks/runtime";
import { webhookRoute } from "@/app/webhooks/webhook-route";

export const dynamic = "force-dynamic";

export const POST = webhookRoute((req) => handlePostmarkWebhook(req, env().POSTMARK_WEBHOOK_AUTH, webhookDeps()));
