// Amazon SES bounce and complaint notifications through SNS (signature verified in lib/bounces/webhooks/ses.ts).
import { handleSesWebhook } from "@/lib/bounces/webhooks/ses";
import { snsSettings, webhookDeps } from "@/lib/bounces/webhooks/runtime";
import { webhookRoute } from "@/app/webhooks/webhook-route";

export const dynamic = "force-dynamic";

export const POST = webhookRoute((req) => handleSesWebhook(req, snsSettings(), webhookDeps()));
