// The state of one confirmation or welcome mail, with the digest's rules (lib/digest/delivery-store.ts): every
// transition is a conditional update fenced by `attempts`, so a replayed or duplicated job cannot send what another
// attempt sent or is sending.
//   PENDING (or an earlier BOUNCED/FAILED) --claim--> SENDING --mark after 354--> (bytes go out) --250--> SENT
//   SENDING --4xx / not sent--> PENDING            SENDING (marked) --dropped after DATA--> UNKNOWN, never resent
import type { Db } from "@/lib/db";

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
export async function claimMail(db: Db, key: string, subscriberId: string, kind: TransactionalKind): Promise<ClaimResult> {
  const row = await db.transactionalMail.upsert({
    where: { key },
    create: { key, subscriberId, kind },
    update: {},
    select: { id: true, status: true, attempts: true, transmittedAt: true },
  });
  if (row.status === "SENT" || row.status === "UNKNOWN") return { kind: "done", status: row.status };
  if (row.status === "SENDING" && row.transmittedAt) {
    await db.transactionalMail.updateMany({
      where: { id: row.id, attempts: row.attempts, status: "SENDING" },
      data: { status: "UNKNOWN", lastError: "an earlier attempt transmitted and never heard the reply" },
    });
    return { kind: "done", status: "UNKNOWN" };
  }
  const claimed = await db.transactionalMail.updateMany({
    where: { id: row.id, attempts: row.attempts, status: { in: ["PENDING", "SENDING", "BOUNCED", "FAILED"] }, transmittedAt: null },
    data: { status: "SENDING", attempts: row.attempts + 1, claimedAt: new Date(), lastError: null },
  });
  return claimed.count === 1 ? { kind: "claimed", mail: { id: row.id, attempts: row.attempts + 1 } } : { kind: "busy" };
}

/** After the server's 354: true if this attempt still owns the claim (the bytes may go), recorded durably. */
export async function markMailTransmitting(db: Db, mail: ClaimedMail): Promise<boolean> {
  const res = await db.transactionalMail.updateMany({
    where: { id: mail.id, attempts: mail.attempts, status: "SENDING", transmittedAt: null },
    data: { transmittedAt: new Date() },
  });
  return res.count === 1;
}

/** 250: SENT with the Message-ID and the reply (also from UNKNOWN: a later attempt may have given up on this one). */
export async function recordMailSent(db: Db, mail: ClaimedMail, messageId: string, response: string): Promise<void> {
  await db.transactionalMail.updateMany({
    where: { id: mail.id, attempts: mail.attempts, status: { in: ["SENDING", "UNKNOWN"] } },
    data: { status: "SENT", messageId, smtpResponse: response.slice(0, 500), sentAt: new Date(), lastError: null },
  });
}

/**
 * Anything but 250. PENDING is for a retry; BOUNCED and FAILED are final for this attempt (a new job may try again).
 * Those three had a definite answer (nothing was accepted), so the transmission mark is cleared; UNKNOWN keeps it.
 */
export async function recordMailOutcome(
  db: Db,
  mail: ClaimedMail,
  status: "PENDING" | "BOUNCED" | "FAILED" | "UNKNOWN",
  detail: string,
): Promise<void> {
  await db.transactionalMail.updateMany({
    where: { id: mail.id, attempts: mail.attempts, status: "SENDING" },
    data: { status, lastError: detail.slice(0, 500), ...(status === "UNKNOWN" ? {} : { transmittedAt: null }) },
  });
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
