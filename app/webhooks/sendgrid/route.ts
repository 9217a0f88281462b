// SendGrid's signed Event Webhook: bounces, blocks, deferrals and spam reports (lib/bounces/webhooks/sendgrid.ts).
import { env } from "@/lib/env";
import { handleSendgridWebhook } from "@/lib/bounces/webhooks/sendgrid";
import { webhookDeps } from "@/lib/bounces/webhooks/runtime";
import { webhookRoute } from "@/app/webhooks/webhook-route";

export const dynamic = "force-dynamic";

export const POST = webhookRoute((req) => handleSendgridWebhook(req, env().SENDGRID_WEBHOOK_PUBLIC_KEY, webhookDeps()));
