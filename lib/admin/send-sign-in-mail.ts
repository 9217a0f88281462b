// The job body of an operator's sign-in mail (transactional queue, job "admin-sign-in"). The job carries the sign-in
// row's id only; the link is rebuilt from the row. The row is claimed before sending, so a replayed job sends nothing
// more; a mail that did not go out (connection trouble, 4xx) is released and the job retried.
import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import { createElement } from "react";
import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { buildSignedMessage } from "@/lib/mail/build-message";
import { classifySmtpOutcome } from "@/lib/mail/classify-smtp-outcome";
import { envelopeAddress, messageIdDomain } from "@/lib/mail/envelope-address";
import { renderEmail } from "@/lib/mail/render-email";
import type { SmtpPool } from "@/lib/mail/smtp-pool";
import { transactionalPool } from "@/lib/mail/transactional-pool";
import { claimSignInMail, findSignIn, releaseSignInMail } from "@/lib/admin/admin-store";
import { isOperatorAddress, SIGN_IN_TTL_MS, signInLink } from "@/lib/admin/sign-in";
import AdminSignIn from "@/emails/admin-sign-in";

export type SignInMailOutcome = "sent" | "skipped" | "unknown";

export async function sendSignInMail(signInId: string, deps: { db?: Db; pool?: SmtpPool; now?: Date } = {}): Promise<SignInMailOutcome> {
  const db = deps.db ?? defaultDb();
  const pool = deps.pool ?? transactionalPool();
  const now = deps.now ?? new Date();
  const log = logger().child({ component: "admin-sign-in-mail", signInId });
  const e = env();

  const row = await findSignIn(db, signInId);
  // A late job for a link that expired, was used, or whose address left ADMIN_EMAILS sends nothing.
  if (!row || !isOperatorAddress(row.email) || !(await claimSignInMail(db, row.id, now))) return "skipped";

  const signInUrl = signInLink(row.id, row.expiresAt);
  const rendered = await renderEmail(createElement(AdminSignIn, { signInUrl, validMinutes: SIGN_IN_TTL_MS / 60_000, postalAddress: e.POSTAL_ADDRESS }));
  const messageId = `<${randomUUID()}@${messageIdDomain(e.MAIL_FROM, e.LIST_ID)}>`;
  const raw = await buildSignedMessage({ from: e.MAIL_FROM, to: row.email, messageId, subject: "Your Paperboy console sign-in link", ...rendered, headers: {} });
  const verdict = classifySmtpOutcome(await pool.send({ from: envelopeAddress(e.MAIL_FROM), to: row.email, raw }));
  switch (verdict.kind) {
    case "sent":
      log.info({ messageId }, "sign-in link sent");
      return "sent";
    case "unknown":
    case "vetoed":
      log.warn("sign-in mail: connection lost after the message was sent; not resent");
      return "unknown";
    case "retry":
      await releaseSignInMail(db, row.id, now);
      throw new Error(verdict.code ? `SMTP ${verdict.code}: try again later` : `sign-in mail not sent (will retry): ${verdict.detail}`);
    case "bounced":
    case "failed":
      log.warn({ responseCode: verdict.code }, "sign-in mail rejected permanently");
      throw new UnrecoverableError(`SMTP ${verdict.code}: rejected permanently`);
  }
}
