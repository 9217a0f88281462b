// The state of one confirmation or welcome mail, with the digest's rules (lib/digest/delivery-store.ts): every
// transition is a conditional update fenced by `attempts`, so a replayed or duplicated job cannot send what another
// attempt sent or is sending.
//   PENDING (or an earlier BOUNCED/FAILED) --claim--> SENDING --mark after 354--> (bytes go out) --250--> SENT
//   SENDING --4xx / not sent--> PENDING            SENDING (marked) --dropped after DATA--> UNKNOWN, never resent
// Client: `pg` (lib/digest/pg-pool.ts) for the send path's statements, one round trip each and none of Prisma's
// per-query work (most of a confirmation mail's CPU was there); Prisma for the bounce intake's reads.
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";

export type TransactionalKind = "CONFIRMATION" | "WELCOME";

export interface ClaimedMail {
  id: string;
  attempts: number;
}

export type ClaimResult =
  | { kind: "claimed"; mail: ClaimedMail }
  /** Sent, or transmitted without an answer: never again. */
  | { kind: "done"; status: "SENT" | "UNKNOWN" }
  /** Another attempt holds it and has not transmitted (yet): it sends, or the job's retry comes back. */
  | { kind: "busy" };

/**
 * Claims the mail `key` for one attempt. A SENDING row that was marked transmitted belongs to an attempt that died
 * (or is slow) between the server's 354 and its reply: it becomes UNKNOWN rather than a second copy. A SENDING row
 * that was not marked may be claimed again: its older attempt, if alive, fails the mark and sends nothing.
 */
export async function claimMail(sql: Sql, key: string, subscriberId: string, kind: TransactionalKind): Promise<ClaimResult> {
  // The common case, a mail never tried: its row is created already claimed, in one statement.
  const created = await sql.query<{ id: string }>(
    `INSERT INTO "TransactionalMail" (id, key, "subscriberId", kind, status, attempts, "claimedAt")
     VALUES (gen_random_uuid(), $1, $2::uuid, $3::"TransactionalKind", 'SENDING', 1, now())
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [key, subscriberId, kind],
  );
  if (created.rows[0]) return { kind: "claimed", mail: { id: created.rows[0].id, attempts: 1 } };

  const found = await sql.query<{ id: string; status: string; attempts: number; transmitted: boolean }>(
    `SELECT id, status::text AS status, attempts, "transmittedAt" IS NOT NULL AS transmitted FROM "TransactionalMail" WHERE key = $1`,
    [key],
  );
  const row = found.rows[0];
  if (!row) return { kind: "busy" }; // removed meanwhile (its subscriber was erased): the job's retry decides
  if (row.status === "SENT" || row.status === "UNKNOWN") return { kind: "done", status: row.status };
  if (row.status === "SENDING" && row.transmitted) {
    await sql.query(
      `UPDATE "TransactionalMail" SET status = 'UNKNOWN', "lastError" = 'an earlier attempt transmitted and never heard the reply'
        WHERE id = $1::uuid AND attempts = $2 AND status = 'SENDING'`,
      [row.id, row.attempts],
    );
    return { kind: "done", status: "UNKNOWN" };
  }
  const claimed = await sql.query(
    `UPDATE "TransactionalMail" SET status = 'SENDING', attempts = attempts + 1, "claimedAt" = now(), "lastError" = NULL
      WHERE id = $1::uuid AND attempts = $2 AND status IN ('PENDING', 'SENDING', 'BOUNCED', 'FAILED') AND "transmittedAt" IS NULL`,
    [row.id, row.attempts],
  );
  return claimed.rowCount === 1 ? { kind: "claimed", mail: { id: row.id, attempts: row.attempts + 1 } } : { kind: "busy" };
}

/** After the server's 354: true if this attempt still owns the claim (the bytes may go), recorded durably. */
export async function markMailTransmitting(sql: Sql, mail: ClaimedMail): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "TransactionalMail" SET "transmittedAt" = now() WHERE id = $1::uuid AND attempts = $2 AND status = 'SENDING' AND "transmittedAt" IS NULL`,
    [mail.id, mail.attempts],
  );
  return res.rowCount === 1;
}

/** 250: SENT with the Message-ID and the reply (also from UNKNOWN: a later attempt may have given up on this one). */
export async function recordMailSent(sql: Sql, mail: ClaimedMail, messageId: string, response: string): Promise<void> {
  await sql.query(
    `UPDATE "TransactionalMail" SET status = 'SENT', "messageId" = $3, "smtpResponse" = $4, "sentAt" = now(), "lastError" = NULL
      WHERE id = $1::uuid AND attempts = $2 AND status IN ('SENDING', 'UNKNOWN')`,
    [mail.id, mail.attempts, messageId, response.slice(0, 500)],
  );
}

/**
 * Anything but 250. PENDING is for a retry; BOUNCED and FAILED are final for this attempt (a new job may try again).
 * Those three had a definite answer (nothing was accepted), so the transmission mark is cleared; UNKNOWN keeps it.
 */
export async function recordMailOutcome(
  sql: Sql,
  mail: ClaimedMail,
  status: "PENDING" | "BOUNCED" | "FAILED" | "UNKNOWN",
  detail: string,
): Promise<void> {
  await sql.query(
    `UPDATE "TransactionalMail"
        SET status = $3::"DeliveryStatus", "lastError" = $4, "transmittedAt" = CASE WHEN $3 = 'UNKNOWN' THEN "transmittedAt" END
      WHERE id = $1::uuid AND attempts = $2 AND status = 'SENDING'`,
    [mail.id, mail.attempts, status, detail.slice(0, 500)],
  );
}

/** The subscriber of a confirmation or welcome mail, by its row id or by the Message-ID it went out with. */
export async function findMailTarget(db: Db, by: { id: string } | { messageId: string }): Promise<{ id: string; subscriberId: string } | null> {
  return db.transactionalMail.findFirst({ where: "id" in by ? { id: by.id } : { messageId: by.messageId }, select: { id: true, subscriberId: true } });
}

/** A bounce reported after the server accepted the mail: SENT (or UNKNOWN) becomes BOUNCED, true for the call that did it. */
export async function recordMailLateBounce(db: Db, id: string, detail: string): Promise<boolean> {
  const res = await db.transactionalMail.updateMany({
    where: { id, status: { in: ["SENT", "UNKNOWN"] } },
    data: { status: "BOUNCED", lastError: detail.slice(0, 500) },
  });
  return res.count === 1;
}
