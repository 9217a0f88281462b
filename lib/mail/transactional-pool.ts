// The process-wide SMTP pool of confirmation and welcome mails: the digest's pool class (lib/mail/smtp-pool.ts), whose
// beforeData hook lets each mail be marked as transmitted after the server's 354, before its bytes.
import { env } from "@/lib/env";
import { SmtpPool } from "@/lib/mail/smtp-pool";

const globalForPool = globalThis as unknown as { paperboyTransactionalPool?: SmtpPool };

export function transactionalPool(): SmtpPool {
  const e = env();
  globalForPool.paperboyTransactionalPool ??= new SmtpPool({
    url: e.SMTP_URL,
    // A few connections: these mails come one per sign-up, not in bulk.
    size: Math.min(e.SMTP_POOL_SIZE, 3),
    ratePerSecond: e.SMTP_RATE_PER_SECOND,
    name: e.LIST_ID,
  });
  return globalForPool.paperboyTransactionalPool;
}

export function closeTransactionalPool(): void {
  globalForPool.paperboyTransactionalPool?.close();
  globalForPool.paperboyTransactionalPool = undefined;
}
