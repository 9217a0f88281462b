// nodemailer's own pooled transport, configured from the environment. The platform's mails go through SmtpPool
// (lib/mail/smtp-pool.ts), which can mark a message as transmitted before its bytes; this one is kept for the
// benchmark's naive pipeline and reference line, which measure what plain nodemailer does.
import nodemailer, { type Transporter, type TransportOptions as NodemailerTransportOptions } from "nodemailer";
import { env } from "@/lib/env";

export interface TransportOptions {
  url?: string;
  poolSize?: number;
  /** Messages per second across the pool; 0 = unlimited. */
  ratePerSecond?: number;
}

export function createTransport(options: TransportOptions = {}): Transporter {
  const e = env();
  const rate = options.ratePerSecond ?? e.SMTP_RATE_PER_SECOND;
  const dkim =
    e.DKIM_DOMAIN && e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY
      ? { domainName: e.DKIM_DOMAIN, keySelector: e.DKIM_SELECTOR, privateKey: e.DKIM_PRIVATE_KEY.replace(/\\n/g, "\n") }
      : undefined;
  return nodemailer.createTransport({
    url: options.url ?? e.SMTP_URL,
    pool: true,
    maxConnections: options.poolSize ?? e.SMTP_POOL_SIZE,
    maxMessages: Infinity,
    ...(rate > 0 ? { rateDelta: 1000, rateLimit: rate } : {}),
    ...(dkim ? { dkim } : {}),
  } as NodemailerTransportOptions);
}
