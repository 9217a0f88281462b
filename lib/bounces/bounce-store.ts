// Every read and write of the bounce intake's own tables: BounceEvent (one row per reported event, unique on its
// key, so a replay finds its row) and UnparseableMessage (what the intake could not read, kept for the operator).
// Client: Prisma (`Db`); the volume is a few events per edition, far from the send path.
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import type { BounceKind, BounceSource } from "@/lib/generated/prisma/enums";

export interface BounceEventInput {
  eventKey: string;
  source: BounceSource;
  kind: BounceKind;
  deliveryId?: string | null;
  transactionalMailId?: string | null;
  subscriberId?: string | null;
  editionId?: string | null;
  status?: string | null;
  detail?: string | null;
  receivedAt?: Date;
}

/** An event whose effects were not all applied yet (a crash between storing it and applying it): applied on replay. */
export const PENDING_OUTCOME = "pending";

/**
 * Stores the event once. "new" the first time; "pending" when an earlier call stored it but did not finish applying
 * it; "duplicate" when it was stored and applied before (a replay: nothing to do).
 */
export async function storeEvent(db: Db, e: BounceEventInput): Promise<{ kind: "new" | "pending" | "duplicate"; id: string }> {
  const created = await db.bounceEvent.createMany({
    data: [{ ...e, status: e.status?.slice(0, 100) ?? null, detail: e.detail?.slice(0, 500) ?? null, outcome: PENDING_OUTCOME }],
    skipDuplicates: true,
  });
  const row = await db.bounceEvent.findUniqueOrThrow({ where: { eventKey: e.eventKey }, select: { id: true, outcome: true } });
  if (created.count === 1) return { kind: "new", id: row.id };
  return { kind: row.outcome === PENDING_OUTCOME ? "pending" : "duplicate", id: row.id };
}

export async function setOutcome(db: Db, id: string, outcome: string): Promise<void> {
  await db.bounceEvent.update({ where: { id }, data: { outcome }, select: { id: true } });
}

/** On how many different days (UTC) the subscriber's mail bounced softly. */
export async function softBounceDays(db: Db, subscriberId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT date_trunc('day', "receivedAt")) AS n FROM "BounceEvent"
     WHERE "subscriberId" = ${subscriberId}::uuid AND kind = 'SOFT'`;
  return Number(rows[0]?.n ?? 0);
}

/** Complaints about mails of the edition. */
export async function countComplaints(db: Db, editionId: string): Promise<number> {
  return db.bounceEvent.count({ where: { editionId, kind: "COMPLAINT" } });
}

/** The same count through `pg`, for digest:status (which reads everything through `pg`). */
export async function countComplaintsSql(sql: Sql, editionId: string): Promise<number> {
  const res = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "BounceEvent" WHERE "editionId" = $1::uuid AND kind = 'COMPLAINT'`, [editionId]);
  return Number(res.rows[0]?.n ?? 0);
}

export async function keepUnparseable(db: Db, source: BounceSource, reason: string, raw: Buffer): Promise<string> {
  const row = await db.unparseableMessage.create({ data: { source, reason: reason.slice(0, 500), raw: new Uint8Array(raw) }, select: { id: true } });
  return row.id;
}

/** Reported events by kind (hard, soft, delayed, complaint) received since `since`. */
export async function reportCountsSince(sql: Sql, since: Date): Promise<Record<string, number>> {
  const rows = await sql.query<{ kind: string; n: string }>(`SELECT kind::text AS kind, count(*) AS n FROM "BounceEvent" WHERE "receivedAt" >= $1 GROUP BY 1`, [since]);
  return Object.fromEntries(rows.rows.map((r) => [r.kind, Number(r.n)]));
}

/** Events by outcome ("forged-id", "unmatched", ...) and the unparseable messages kept, for digest:status. */
export async function intakeCounts(sql: Sql): Promise<{ outcomes: Record<string, number>; unparseable: number }> {
  const events = await sql.query<{ outcome: string; n: string }>(`SELECT outcome, count(*) AS n FROM "BounceEvent" GROUP BY outcome`);
  const kept = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "UnparseableMessage"`);
  return { outcomes: Object.fromEntries(events.rows.map((r) => [r.outcome, Number(r.n)])), unparseable: Number(kept.rows[0]?.n ?? 0) };
}

/** One line for the operator, or null when nothing was ever reported. */
export function formatIntakeCounts(c: { outcomes: Record<string, number>; unparseable: number }): string | null {
  const total = Object.values(c.outcomes).reduce((a, b) => a + b, 0);
  if (total === 0 && c.unparseable === 0) return null;
  const forged = c.outcomes["forged-id"] ?? 0;
  const unmatched = c.outcomes.unmatched ?? 0;
  return `bounce intake: ${total} event${total === 1 ? "" : "s"} stored, ${forged} with a forged id (ignored), ${unmatched} matching no mail, ${c.unparseable} unparseable message${c.unparseable === 1 ? "" : "s"} kept (table UnparseableMessage)`;
}
