// Mailgun's failed and complained events (signature checked in lib/bounces/webhooks/mailgun.ts).
import { env } from "@/lib/env";
import { handleMailgunWebhook } from "@/lib/bounces/webhooks/mailgun";
import { webhookDeps } from "@/lib/bounces/webhooks/runtime";
import { webhookRoute } from "@/app/webhooks/webhook-route";

export const dynamic = "force-dynamic";

export const POST = webhookRoute((req) => handleMailgunWebhook(req, env().MAILGUN_WEBHOOK_SIGNING_KEY, webhookDeps()));
