// The job body of the transactional queue: renders and sends one confirmation or welcome mail. Called by the worker
// and directly by tests. Checks state again at send time (a job can be late or replayed): a confirmation goes only
// to an unconfirmed address, a welcome only to an active one, and nothing to a suppressed address.
// Sent once: each mail has a row (./transactional-store.ts), claimed before sending and marked after the
// server's 354 through the SMTP pool's beforeData hook, so a replayed job finds SENT (or UNKNOWN) and sends nothing.
// Throws to retry (connection trouble, 4xx); a 5xx is permanent and surfaces as UnrecoverableError.
import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import { createElement } from "react";
import { sql as defaultSql, type Sql } from "@/lib/digest/pg-pool";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { buildSignedMessage } from "@/lib/mail/build-message";
import { classifySmtpOutcome } from "@/lib/mail/classify-smtp-outcome";
import { envelopeSenderFor, messageIdDomain } from "@/lib/mail/envelope-address";
import { listHeaders } from "@/lib/mail/list-headers";
import { renderEmail } from "@/lib/mail/render-email";
import { prerenderTemplate, type PrerenderedTemplate } from "@/lib/mail/prerendered-template";
import type { SmtpPool } from "@/lib/mail/smtp-pool";
import { transactionalPool } from "@/lib/mail/transactional-pool";
import { jobId, type TransactionalPayload } from "@/lib/queue/queues";
import { claimMail, markMailTransmitting, recordMailOutcome, recordMailSent } from "@/lib/subscribers/mail/transactional-store";
import { suppressionOfSql } from "@/lib/subscribers/suppression";
import { links } from "@/lib/tokens/tokens";
import ConfirmSubscription from "@/emails/confirm-subscription";
import Welcome from "@/emails/welcome";
import { choiceOfFrequency, type Frequency } from "@/lib/digest/frequency";
import { firstDigestLabel } from "@/lib/digest/next-digest";

export type SendOutcome =
  | "sent"
  | "skipped-missing"
  | "skipped-state"
  | "skipped-suppressed"
  /** This mail (same kind, subscriber and day) already went out, or went out without an answer: not again. */
  | "skipped-already-sent"
  /** Another attempt of the same mail holds the claim right now. */
  | "skipped-in-progress"
  /** Transmitted, but the connection dropped before the reply: recorded UNKNOWN and not retried (it may have arrived). */
  | "unknown";

export interface SendDeps {
  sql: Sql;
  pool: SmtpPool;
  now: () => Date;
  /** The mail's identity (the job id); by default kind, subscriber and UTC day, as the job id is built. */
  key: string;
}

export async function sendTransactional(
  payload: TransactionalPayload,
  deps: Partial<SendDeps> = {},
): Promise<SendOutcome> {
  const sql = deps.sql ?? defaultSql();
  const pool = deps.pool ?? transactionalPool();
  const now = (deps.now ?? (() => new Date()))();
  const key = deps.key ?? jobId.transactional(payload, now.toISOString().slice(0, 10));
  const log = logger().child({ component: "transactional-mail", kind: payload.kind, subscriberId: payload.subscriberId });
  const e = env();

  const found = await sql.query<Recipient & { email: string; emailAsTyped: string | null; status: string }>(
    `SELECT s.id, s.email, s."emailAsTyped", s.status::text AS status, s."confirmationId", s.frequency::text AS frequency,
            CASE WHEN $2 THEN coalesce((SELECT array_agg(t.name ORDER BY t.position, t.id) FROM "SubscriberTopic" st
                                         JOIN "Topic" t ON t.id = st."topicId" WHERE st."subscriberId" = s.id), '{}') END AS "topicNames"
       FROM "Subscriber" s WHERE s.id = $1::uuid`,
    [payload.subscriberId, payload.kind === "welcome"],
  );
  const s = found.rows[0];
  if (!s) return "skipped-missing";
  // An erasure's suppression does not stop the confirmation of a new sign-up: that is the person asking again.
  const suppression = await suppressionOfSql(sql, { key: s.email, typed: s.emailAsTyped });
  if (suppression && !(suppression === "ERASED" && payload.kind === "confirmation")) return "skipped-suppressed";

  // A confirmation goes only to an unconfirmed address, a welcome only to an active one.
  const active = s.status === "ACTIVE";
  if (payload.kind === "confirmation" ? active || !s.confirmationId : !active) return "skipped-state";

  const claim = await claimMail(sql, key, s.id, payload.kind === "confirmation" ? "CONFIRMATION" : "WELCOME");
  if (claim.kind === "done") {
    log.info({ status: claim.status }, "transactional mail already went out; not sending again");
    return "skipped-already-sent";
  }
  if (claim.kind === "busy") return "skipped-in-progress";
  const mail = claim.mail;

  // Rendered only once the claim is ours: a replayed job stops above without rendering.
  const messageId = `<${randomUUID()}@${messageIdDomain(e.MAIL_FROM, e.LIST_ID)}>`;
  let raw: Buffer;
  try {
    raw = await buildSignedMessage({ from: e.MAIL_FROM, to: s.email, messageId, ...(await compose(payload.kind, s, now)) });
  } catch (err) {
    await recordMailOutcome(sql, mail, "FAILED", `could not build message: ${(err as Error).message}`);
    throw new UnrecoverableError(`could not build the ${payload.kind} mail`);
  }
  const outcome = await pool.send({
    from: envelopeSenderFor({ kind: "transactional", id: mail.id }),
    to: s.email,
    raw,
    beforeData: () => markMailTransmitting(sql, mail),
  });
  const verdict = classifySmtpOutcome(outcome);
  switch (verdict.kind) {
    case "sent":
      await recordMailSent(sql, mail, messageId, verdict.response);
      log.info({ messageId }, "transactional mail sent");
      return "sent";
    case "vetoed":
      // A newer attempt took the claim over meanwhile; it sends.
      return "skipped-in-progress";
    case "unknown":
      await recordMailOutcome(sql, mail, "UNKNOWN", verdict.detail);
      log.warn("transactional mail: connection lost after the message was sent; recorded as unknown, not resent");
      return "unknown";
    case "retry":
      await recordMailOutcome(sql, mail, "PENDING", verdict.detail);
      throw new Error(verdict.code ? `SMTP ${verdict.code}: try again later` : `transactional mail not sent (will retry): ${verdict.detail}`);
    case "bounced":
    case "failed":
      await recordMailOutcome(sql, mail, verdict.kind === "bounced" ? "BOUNCED" : "FAILED", verdict.detail);
      log.warn({ responseCode: verdict.code }, "transactional mail rejected permanently");
      throw new UnrecoverableError(`SMTP ${verdict.code}: rejected permanently`);
  }
}

const confirmationTemplates = new Map<string, Promise<PrerenderedTemplate<"confirmUrl">>>();

/** The confirmation mail rendered once per process (per setting), and filled with each recipient's link. */
export function confirmationTemplate(expiresInHours: number, postalAddress: string): Promise<PrerenderedTemplate<"confirmUrl">> {
  const key = JSON.stringify([expiresInHours, postalAddress]);
  let template = confirmationTemplates.get(key);
  if (!template) {
    template = prerenderTemplate(["confirmUrl"], ({ confirmUrl }) => createElement(ConfirmSubscription, { confirmUrl, expiresInHours, postalAddress }));
    // A failed render is not kept: the next mail tries again.
    template.catch(() => confirmationTemplates.delete(key));
    confirmationTemplates.set(key, template);
  }
  return template;
}

interface Recipient {
  id: string;
  confirmationId: string | null;
  frequency: Frequency;
  /** In the order the sign-up page shows them; read for a welcome mail only. */
  topicNames: string[] | null;
}

async function compose(
  kind: TransactionalPayload["kind"],
  s: Recipient,
  now: Date,
): Promise<{ subject: string; html: string; text: string; headers: Record<string, string> }> {
  const e = env();
  if (kind === "confirmation") {
    const template = await confirmationTemplate(e.CONFIRM_TOKEN_TTL_HOURS, e.POSTAL_ADDRESS);
    const rendered = template.fill({ confirmUrl: links.confirm(s.confirmationId!, e.CONFIRM_TOKEN_TTL_HOURS, now.getTime()) });
    return { subject: "Confirm your Paperboy subscription", ...rendered, headers: {} };
  }
  const rendered = await renderEmail(
    createElement(Welcome, {
      topicNames: s.topicNames ?? [],
      frequency: choiceOfFrequency(s.frequency),
      firstDigest: firstDigestLabel(s.frequency, now, {
        hour: e.DIGEST_HOUR,
        timeZone: e.DIGEST_TIMEZONE,
        weekday: e.DIGEST_WEEKDAY,
      }),
      manageUrl: links.manage(s.id),
      unsubscribeUrl: links.unsubscribe(s.id),
      postalAddress: e.POSTAL_ADDRESS,
    }),
  );
  return { subject: "Welcome to Paperboy", ...rendered, headers: listHeaders(s.id) };
}
