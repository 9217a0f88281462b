// "Send a test of this edition to me": the operator gets one of the edition's paper lists rendered as its readers
// get it. The operator is not a reader, so the manage and unsubscribe links lead to the console's edition page and
// there are no feedback links. The web writes a request row and queues its id; the job claims the row and sends.
import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { sql as defaultSql, type Sql } from "@/lib/digest/pg-pool";
import { PaperCache, renderDigest } from "@/lib/digest/digest-content";
import { contentGroups, contentOfGroup } from "@/lib/digest/delivery-store";
import { findEditionById } from "@/lib/digest/edition-store";
import { digestSubject } from "@/emails/daily-digest";
import type { SmtpPool } from "@/lib/mail/smtp-pool";
import { transactionalPool } from "@/lib/mail/transactional-pool";
import { appendAudit, claimEditionTestMail, createEditionTestMail, findEditionTestMail, releaseEditionTestMail } from "@/lib/admin/admin-store";
import { mailOperator } from "@/lib/admin/operator-mail";
import { isOperatorAddress } from "@/lib/admin/sign-in";
import type { Operator } from "@/lib/admin/session";

export type TestMailRequest = "queued" | "no-list" | "not-found";

/** Queues a test of the list named by `contentKey` (the largest list when absent or not one of the edition's). */
export async function requestEditionTestMail(
  deps: { db: Db; sql: Sql; enqueue: (testMailId: string) => Promise<void> },
  editionId: string,
  contentKey: unknown,
  operator: Pick<Operator, "email">,
  client: { ip: string; userAgent: string },
): Promise<TestMailRequest> {
  const edition = /^[0-9a-f-]{36}$/.test(editionId) ? await findEditionById(deps.db, editionId) : null;
  if (!edition) return "not-found";
  const groups = await contentGroups(deps.sql, editionId);
  const index = Math.max(0, groups.findIndex((g) => g.contentKey === contentKey));
  const group = groups[index];
  if (!group) return "no-list";
  const id = await createEditionTestMail(deps.db, { editionId, contentKey: group.contentKey, email: operator.email });
  await appendAudit(deps.db, {
    actor: operator.email,
    action: "sent a test of edition",
    target: `${edition.frequency.toLowerCase()} edition ${edition.date} (${editionId})`,
    detail: `list ${index + 1} of ${groups.length}`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  await deps.enqueue(id);
  return "queued";
}

/** The job body: one mail per request row, however often the job runs. */
export async function sendEditionTestMail(
  testMailId: string,
  deps: { db?: Db; sql?: Sql; pool?: SmtpPool; now?: Date } = {},
): Promise<"sent" | "skipped" | "unknown"> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? new Date();
  const row = await findEditionTestMail(db, testMailId);
  const edition = row ? await findEditionById(db, row.editionId) : null;
  const content = row ? await contentOfGroup(db, row.editionId, row.contentKey) : null;
  // An operator removed from ADMIN_EMAILS since asking gets nothing.
  if (!row || !edition || !content || !isOperatorAddress(row.email)) return "skipped";

  const e = env();
  const consoleUrl = `${e.APP_URL}/admin/editions/${edition.id}`;
  const input = { editionId: edition.id, date: edition.date, frequency: edition.frequency, contentKey: row.contentKey, ...content };
  const papers = await new PaperCache(deps.sql ?? defaultSql()).get([...content.paperIds, ...content.alsoTrendingIds]);
  const { html, text, props } = await renderDigest(input, papers, { appUrl: e.APP_URL, postalAddress: e.POSTAL_ADDRESS }, { manageUrl: consoleUrl, unsubscribeUrl: consoleUrl });
  // Claimed only once the mail is ready: a render that throws leaves the row for the job's retry.
  if (!(await claimEditionTestMail(db, row.id, now))) return "skipped";
  return mailOperator(
    deps.pool ?? transactionalPool(),
    { to: row.email, subject: `[Test] ${digestSubject(props)}`, html, text },
    () => releaseEditionTestMail(db, row.id, now),
    logger().child({ component: "edition-test-mail", testMailId }),
  );
}
