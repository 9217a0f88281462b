// The job body of an operator's sign-in mail (transactional queue, job "admin-sign-in"). The job carries the sign-in
// row's id only; the link is rebuilt from the row. The row is claimed before sending, so a replayed job sends nothing
// more; a mail that did not go out (connection trouble, 4xx) is released and the job retried.
import { createElement } from "react";
import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { renderEmail } from "@/lib/mail/render-email";
import type { SmtpPool } from "@/lib/mail/smtp-pool";
import { transactionalPool } from "@/lib/mail/transactional-pool";
import { claimSignInMail, findSignIn, releaseSignInMail } from "@/lib/admin/admin-store";
import { mailOperator } from "@/lib/admin/operator-mail";
import { isOperatorAddress, SIGN_IN_TTL_MS, signInLink } from "@/lib/admin/sign-in";
import AdminSignIn from "@/emails/admin-sign-in";

export type SignInMailOutcome = "sent" | "skipped" | "unknown";

export async function sendSignInMail(signInId: string, deps: { db?: Db; pool?: SmtpPool; now?: Date } = {}): Promise<SignInMailOutcome> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? new Date();
  const row = await findSignIn(db, signInId);
  // A late job for a link that expired, was used, or whose address left ADMIN_EMAILS sends nothing.
  if (!row || !isOperatorAddress(row.email)) return "skipped";

  const signInUrl = signInLink(row.id, row.expiresAt);
  const rendered = await renderEmail(createElement(AdminSignIn, { signInUrl, validMinutes: SIGN_IN_TTL_MS / 60_000, postalAddress: env().POSTAL_ADDRESS }));
  // Claimed only once the mail is ready: a render that throws leaves the row for the job's retry.
  if (!(await claimSignInMail(db, row.id, now))) return "skipped";
  return mailOperator(
    deps.pool ?? transactionalPool(),
    { to: row.email, subject: "Your Paperboy console sign-in link", ...rendered },
    () => releaseSignInMail(db, row.id, now),
    logger().child({ component: "admin-sign-in-mail", signInId }),
  );
}
