// A mail to an operator (a sign-in link, a test of an edition), signed like every mail and sent through the
// transactional pool; the caller has claimed its row, and `onRetry` gives the claim back. What the SMTP answer means for the job is decided here once: sent; unknown (the connection
// dropped after the data, so it is not resent); try again (the caller's claim is released first); or given up.
import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import { env } from "@/lib/env";
import type { Logger } from "pino";
import { buildSignedMessage } from "@/lib/mail/build-message";
import { classifySmtpOutcome } from "@/lib/mail/classify-smtp-outcome";
import { envelopeAddress, messageIdDomain } from "@/lib/mail/envelope-address";
import type { SmtpPool } from "@/lib/mail/smtp-pool";

export type OperatorMailOutcome = "sent" | "unknown";

export async function mailOperator(
  pool: SmtpPool,
  mail: { to: string; subject: string; html: string; text: string },
  onRetry: () => Promise<void>,
  log: Logger,
): Promise<OperatorMailOutcome> {
  const e = env();
  const messageId = `<${randomUUID()}@${messageIdDomain(e.MAIL_FROM, e.LIST_ID)}>`;
  let raw: Buffer;
  try {
    raw = await buildSignedMessage({ from: e.MAIL_FROM, to: mail.to, messageId, subject: mail.subject, html: mail.html, text: mail.text, headers: {} });
  } catch (err) {
    await onRetry(); // nothing went out: the claim goes back for the retry
    throw err;
  }
  const verdict = classifySmtpOutcome(await pool.send({ from: envelopeAddress(e.MAIL_FROM), to: mail.to, raw }));
  switch (verdict.kind) {
    case "sent":
      log.info({ messageId }, "operator mail sent");
      return "sent";
    case "unknown":
    case "vetoed":
      log.warn("operator mail: connection lost after the message was sent; not resent");
      return "unknown";
    case "retry":
      await onRetry();
      throw new Error(verdict.code ? `SMTP ${verdict.code}: try again later` : `operator mail not sent (will retry): ${verdict.detail}`);
    case "bounced":
    case "failed":
      log.warn({ responseCode: verdict.code }, "operator mail rejected permanently");
      throw new UnrecoverableError(`SMTP ${verdict.code}: rejected permanently`);
  }
}
