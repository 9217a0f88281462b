// The webhooks' dependencies from the environment (the route handlers call these; tests build their own).
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sql } from "@/lib/digest/pg-pool";
import { redis } from "@/lib/redis";
import { bounceSettings } from "@/lib/bounces/intake-mail";
import type { SnsSettings } from "@/lib/bounces/webhooks/ses";
import type { WebhookDeps } from "@/lib/bounces/webhooks/webhook-intake";

export function webhookDeps(): WebhookDeps {
  return {
    apply: { db: db(), sql: sql(), settings: bounceSettings() },
    redis: redis(),
    now: () => Date.now(),
    maxAgeSeconds: env().WEBHOOK_MAX_AGE_SECONDS,
  };
}

const MAX_CERT_BYTES = 64 * 1024;

/** GET over https with a timeout and no redirects (a redirect could leave the trusted host). */
export async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${new URL(url).host} answered ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_CERT_BYTES) throw new Error("response too large");
  return text;
}

export function snsSettings(): SnsSettings {
  const e = env();
  return { topicArns: e.SES_SNS_TOPIC_ARNS, hostPattern: new RegExp(e.SES_SNS_CERT_HOST_PATTERN), fetchText };
}
