// The job body of the transactional queue: renders and sends one confirmation or welcome mail. Called by the worker
// and directly by tests. Checks state again at send time (a job can be late or replayed): a confirmation goes only
// to an unconfirmed address, a welcome only to an active one, and nothing to a suppressed address.
// Throws to retry (connection trouble, 4xx); a 5xx is permanent and surfaces as UnrecoverableError.
import { UnrecoverableError } from "bullmq";
import type { Transporter } from "nodemailer";
import { createElement } from "react";
import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { transport as defaultTransport } from "@/lib/mail/transport";
import { listHeaders } from "@/lib/mail/list-headers";
import { renderEmail } from "@/lib/mail/render-email";
import type { TransactionalPayload } from "@/lib/queue/queues";
import { isSuppressed } from "@/lib/subscribers/suppression";
import { links } from "@/lib/tokens/tokens";
import ConfirmSubscription from "@/emails/confirm-subscription";
import Welcome from "@/emails/welcome";

export type SendOutcome = "sent" | "skipped-missing" | "skipped-state" | "skipped-suppressed";

export interface SendDeps {
  db: Db;
  transport: Transporter;
  now: () => Date;
}

export async function sendTransactional(
  payload: TransactionalPayload,
  deps: Partial<SendDeps> = {},
): Promise<SendOutcome> {
  const db = deps.db ?? defaultDb();
  const transport = deps.transport ?? defaultTransport();
  const now = (deps.now ?? (() => new Date()))();
  const log = logger().child({ component: "transactional-mail", kind: payload.kind, subscriberId: payload.subscriberId });
  const e = env();

  const s = await db.subscriber.findUnique({
    where: { id: payload.subscriberId },
    select: {
      id: true,
      email: true,
      status: true,
      frequency: true,
      topics: { select: { topic: { select: { name: true, position: true } } } },
    },
  });
  if (!s) return "skipped-missing";
  if (await isSuppressed(db, s.email)) return "skipped-suppressed";

  let message: { subject: string; html: string; text: string; headers: Record<string, string> };
  if (payload.kind === "confirmation") {
    if (s.status === "ACTIVE") return "skipped-state";
    const rendered = await renderEmail(
      createElement(ConfirmSubscription, {
        confirmUrl: links.confirm(s.id, e.CONFIRM_TOKEN_TTL_HOURS, now.getTime()),
        expiresInHours: e.CONFIRM_TOKEN_TTL_HOURS,
        postalAddress: e.POSTAL_ADDRESS,
      }),
    );
    message = { subject: "Confirm your Paperboy subscription", ...rendered, headers: {} };
  } else {
    if (s.status !== "ACTIVE") return "skipped-state";
    const rendered = await renderEmail(
      createElement(Welcome, {
        topicNames: s.topics.map((t) => t.topic).sort((a, b) => a.position - b.position).map((t) => t.name),
        frequency: s.frequency === "DAILY" ? "daily" : "weekly",
        manageUrl: links.manage(s.id),
        unsubscribeUrl: links.unsubscribe(s.id),
        postalAddress: e.POSTAL_ADDRESS,
      }),
    );
    message = { subject: "Welcome to Paperboy", ...rendered, headers: listHeaders(s.id) };
  }

  try {
    const info = await transport.sendMail({ from: e.MAIL_FROM, to: s.email, ...message });
    log.info({ messageId: info.messageId }, "transactional mail sent");
    return "sent";
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    if (code !== undefined && code >= 500) {
      log.warn({ responseCode: code }, "transactional mail rejected permanently");
      throw new UnrecoverableError(`SMTP ${code}: rejected permanently`);
    }
    throw err;
  }
}
