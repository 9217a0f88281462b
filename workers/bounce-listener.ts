// Wiring only: the inbound SMTP listener for bounce and complaint mail (lib/bounces/bounce-listener.ts), started
// when BOUNCE_SMTP_PORT and BOUNCE_DOMAIN are set. Each message is stored and applied before the 250.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sql } from "@/lib/digest/pg-pool";
import { redis } from "@/lib/redis";
import { hitLimit } from "@/lib/rate-limit/fixed-window";
import { closeOnShutdown } from "@/lib/queue/create-worker";
import { startBounceListener, type BounceListener } from "@/lib/bounces/bounce-listener";
import { bounceSettings, ingestBounceMail } from "@/lib/bounces/intake-mail";
import { verpConfigFromEnv } from "@/lib/mail/envelope-address";
import { logger } from "@/lib/logger";

export async function startBounceListenerWorker(): Promise<BounceListener | null> {
  const e = env();
  const verp = verpConfigFromEnv();
  if (e.BOUNCE_SMTP_PORT === undefined || !verp) {
    if (e.BOUNCE_SMTP_PORT !== undefined) logger().child({ component: "bounce-listener" }).warn("BOUNCE_SMTP_PORT is set but BOUNCE_DOMAIN is not; the bounce listener is not started");
    return null;
  }
  const listener = await startBounceListener({
    port: e.BOUNCE_SMTP_PORT,
    host: e.BOUNCE_SMTP_HOST,
    verp,
    maxMessageBytes: e.BOUNCE_MAX_MESSAGE_BYTES,
    admit: async (ip) => (await hitLimit(redis(), "bounce-smtp", ip, { limit: e.BOUNCE_RATE_PER_IP_PER_MINUTE, windowSeconds: 60 })).allowed,
    onMessage: async (raw, envelopeTo) => {
      await ingestBounceMail(raw, { source: "SMTP", envelopeTo, verp }, { db: db(), sql: sql(), settings: bounceSettings() });
    },
  });
  closeOnShutdown({ end: () => listener.close() });
  return listener;
}
