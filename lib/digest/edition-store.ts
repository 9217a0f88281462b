// Every read and transition of an Edition row. Its life: FANNING_OUT --fan-out done--> SENDING --nothing pending or
// in flight--> DONE; SENDING --a burst of errors, too many complaints or an operator--> PAUSED --operator resumes--> SENDING; a DONE edition that sent
// nothing may be removed (re-opened). Transitions are conditional updates: racing processes cannot undo each other.
// Clients: Prisma (`Db`) for the web and plain domain reads (create, find, the archive); `pg` (`Sql`,
// lib/digest/pg-pool.ts) for the transitions and reads of the send path, the reconciler and the commands.
import type { Db } from "@/lib/db";
import type { Frequency } from "@/lib/digest/frequency";
import type { Sql } from "@/lib/digest/pg-pool";

export interface EditionRow {
  id: string;
  date: string;
  frequency: Frequency;
  status: "FANNING_OUT" | "SENDING" | "PAUSED" | "DONE";
}

const day = (date: string) => new Date(`${date}T00:00:00Z`);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One edition per (date, frequency), however often and from however many processes the scheduler fires: the
 * unique index decides, INSERT ... ON CONFLICT DO NOTHING never fails on the loser, and everyone reads the winner.
 */
export async function createEditionOnce(db: Db, date: string, frequency: Frequency): Promise<EditionRow> {
  await db.edition.createMany({ data: [{ date: day(date), frequency }], skipDuplicates: true });
  const e = await db.edition.findUniqueOrThrow({ where: { date_frequency: { date: day(date), frequency } } });
  return { id: e.id, date, frequency: e.frequency, status: e.status };
}

export async function findEdition(db: Db, date: string, frequency: Frequency): Promise<EditionRow | null> {
  const e = await db.edition.findUnique({ where: { date_frequency: { date: day(date), frequency } } });
  return e ? { id: e.id, date, frequency: e.frequency, status: e.status } : null;
}

export async function findEditionById(db: Db, editionId: string): Promise<EditionRow | null> {
  const e = await db.edition.findUnique({ where: { id: editionId } });
  return e ? { id: e.id, date: isoDate(e.date), frequency: e.frequency, status: e.status } : null;
}

/** Finished (DONE) editions that went to at least one reader, newest first. */
export async function listEditionsSentToReaders(db: Db, limit: number): Promise<{ id: string; date: string; frequency: Frequency }[]> {
  const rows = await db.edition.findMany({
    where: { status: "DONE", deliveries: { some: { status: "SENT" } } },
    orderBy: [{ date: "desc" }, { frequency: "asc" }],
    take: limit,
    select: { id: true, date: true, frequency: true },
  });
  return rows.map((r) => ({ id: r.id, date: isoDate(r.date), frequency: r.frequency }));
}

/** The editions dated on or after `since`, but for the one of (date, frequency). */
export async function editionIdsSince(sql: Sql, since: string, except: { date: string; frequency: Frequency }): Promise<string[]> {
  const res = await sql.query<{ id: string }>(
    `SELECT id FROM "Edition" WHERE date >= $1::date AND NOT (date = $2::date AND frequency = $3::"Frequency")`,
    [since, except.date, except.frequency],
  );
  return res.rows.map((r) => r.id);
}

/** Editions still fanning out or sending, oldest first: what the reconciler looks after. */
export async function listUnfinishedEditions(sql: Sql): Promise<{ id: string; date: string; frequency: Frequency; status: string; createdAt: Date }[]> {
  const res = await sql.query<{ id: string; date: string; frequency: Frequency; status: string; createdAt: Date }>(
    `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, frequency::text AS frequency, status::text AS status, "createdAt"
       FROM "Edition" WHERE status IN ('FANNING_OUT', 'SENDING') ORDER BY date`,
  );
  return res.rows;
}

/** Most recent edition, for "no edition for that date" messages. */
export async function latestEdition(sql: Sql): Promise<{ date: string; frequency: string } | null> {
  const res = await sql.query<{ date: string; frequency: string }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, frequency::text AS frequency FROM "Edition" ORDER BY date DESC, frequency LIMIT 1`,
  );
  return res.rows[0] ?? null;
}

/** The newest editions (of one date, when given), for the status report. */
export async function listEditions(
  sql: Sql,
  filter: { date?: string; limit?: number } = {},
): Promise<{ id: string; date: string; frequency: string; status: string; consecutiveErrors: number; pauseReason: string | null }[]> {
  const res = await sql.query<{ id: string; date: string; frequency: string; status: string; consecutiveErrors: number; pauseReason: string | null }>(
    `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, frequency::text AS frequency, status::text AS status, "consecutiveErrors", "pauseReason"
       FROM "Edition" ${filter.date ? "WHERE date = $2::date" : ""} ORDER BY date DESC, frequency LIMIT $1`,
    filter.date ? [filter.limit ?? 5, filter.date] : [filter.limit ?? 5],
  );
  return res.rows;
}

/** Every delivery row exists: sending may start (claims require the edition to be SENDING). */
export async function startSending(sql: Sql, editionId: string): Promise<void> {
  await sql.query(`UPDATE "Edition" SET status = 'SENDING', "fannedOutAt" = now() WHERE id = $1::uuid AND status = 'FANNING_OUT'`, [editionId]);
}

/** An edition is done when nothing is pending or in flight. */
export async function markDoneIfFinished(sql: Sql, editionId: string): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "Edition" e SET status = 'DONE', "completedAt" = now()
      WHERE e.id = $1::uuid AND e.status = 'SENDING'
        AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."editionId" = e.id AND d.status IN ('PENDING', 'SENDING'))`,
    [editionId],
  );
  return (res.rowCount ?? 0) > 0;
}

/** An operator stops a sending edition: claims require SENDING, so nothing more is claimed until it resumes. */
export async function pauseEdition(sql: Sql, editionId: string): Promise<boolean> {
  const res = await sql.query(`UPDATE "Edition" SET status = 'PAUSED' WHERE id = $1::uuid AND status = 'SENDING'`, [editionId]);
  return (res.rowCount ?? 0) > 0;
}

/** An edition paused after a burst of errors sends again, its error count reset. */
export async function resumeEdition(sql: Sql, editionId: string): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "Edition" SET status = 'SENDING', "consecutiveErrors" = 0, "pauseReason" = NULL WHERE id = $1 AND status = 'PAUSED'`,
    [editionId],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Why a paused edition stopped: the complaint-rate guard's mark. */
export const PAUSED_FOR_COMPLAINTS = "complaint-rate";

/** The complaint-rate guard pauses a sending edition; true for the call that paused it. */
export async function pauseForComplaints(sql: Sql, editionId: string): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "Edition" SET status = 'PAUSED', "pauseReason" = $2 WHERE id = $1::uuid AND status = 'SENDING'`,
    [editionId, PAUSED_FOR_COMPLAINTS],
  );
  return (res.rowCount ?? 0) > 0;
}

/**
 * Tracks the run of consecutive errors on the edition and pauses it at the limit. `trailingErrors` are the errors
 * after the last success in this batch of outcomes; `hadSuccess` resets the count first.
 */
export async function noteOutcomes(
  sql: Sql,
  editionId: string,
  hadSuccess: boolean,
  trailingErrors: number,
  limit: number,
): Promise<boolean> {
  if (!hadSuccess && trailingErrors === 0) return false;
  const res = await sql.query<{ status: string }>(
    `UPDATE "Edition" SET "consecutiveErrors" = (CASE WHEN $2 THEN 0 ELSE "consecutiveErrors" END) + $3,
            status = CASE WHEN status = 'SENDING' AND (CASE WHEN $2 THEN 0 ELSE "consecutiveErrors" END) + $3 >= $4
                          THEN 'PAUSED'::"EditionStatus" ELSE status END,
            "pauseReason" = CASE WHEN status = 'SENDING' AND (CASE WHEN $2 THEN 0 ELSE "consecutiveErrors" END) + $3 >= $4
                          THEN NULL ELSE "pauseReason" END
      WHERE id = $1 AND NOT ($2 AND $3 = 0 AND "consecutiveErrors" = 0) RETURNING status`,
    [editionId, hadSuccess, trailingErrors, limit],
  );
  return res.rows[0]?.status === "PAUSED";
}

export type ReopenResult = { reopened: true; removed: number } | { reopened: false; reason: string };

/**
 * Re-opens a DONE edition that sent nothing (e.g. run for a mistyped date, everyone SKIPPED): the edition and its
 * delivery rows go, so the date can be run again from scratch. An edition from which any message may have left
 * (SENT, UNKNOWN, BOUNCED, or transmission started) is never re-opened: its readers would get a second copy.
 */
export async function reopenEdition(sql: Sql, editionId: string): Promise<ReopenResult> {
  const left = `SELECT 1 FROM "Delivery" d WHERE d."editionId" = e.id
                  AND (d.status IN ('SENT', 'UNKNOWN', 'BOUNCED') OR d."transmittedAt" IS NOT NULL)`;
  const res = await sql.query<{ removed: string }>(
    `WITH gone AS (
       DELETE FROM "Edition" e WHERE e.id = $1::uuid AND e.status = 'DONE' AND NOT EXISTS (${left})
       RETURNING e.id)
     SELECT (SELECT count(*) FROM "Delivery" WHERE "editionId" = $1::uuid) AS removed FROM gone`,
    [editionId],
  );
  if (res.rows[0]) return { reopened: true, removed: Number(res.rows[0].removed) };
  const why = await sql.query<{ status: string; left: string }>(
    `SELECT e.status::text AS status,
            (SELECT count(*) FROM "Delivery" d WHERE d."editionId" = e.id
               AND (d.status IN ('SENT', 'UNKNOWN', 'BOUNCED') OR d."transmittedAt" IS NOT NULL)) AS left
       FROM "Edition" e WHERE e.id = $1::uuid`,
    [editionId],
  );
  const row = why.rows[0];
  if (!row) return { reopened: false, reason: "it does not exist" };
  if (row.status !== "DONE") return { reopened: false, reason: `it is ${row.status}, not DONE (only a finished edition can be re-opened)` };
  return { reopened: false, reason: `${Number(row.left).toLocaleString("en")} mails left for it (sent, bounced or possibly arrived); re-opening would send them again` };
}
