// One edition per (date, frequency), however often and from however many processes the scheduler fires: the
// unique index decides, INSERT ... ON CONFLICT DO NOTHING never fails on the loser, and everyone reads the winner.
import type { Db } from "@/lib/db";
import type { Frequency } from "@/lib/digest/frequency";
import type { Sql } from "@/lib/digest/pg-pool";

export interface EditionRow {
  id: string;
  date: string;
  frequency: Frequency;
  status: "FANNING_OUT" | "SENDING" | "PAUSED" | "DONE";
}

export async function createEditionOnce(db: Db, date: string, frequency: Frequency): Promise<EditionRow> {
  const day = new Date(`${date}T00:00:00Z`);
  await db.edition.createMany({ data: [{ date: day, frequency }], skipDuplicates: true });
  const e = await db.edition.findUniqueOrThrow({ where: { date_frequency: { date: day, frequency } } });
  return { id: e.id, date, frequency: e.frequency, status: e.status };
}

export async function findEdition(db: Db, date: string, frequency: Frequency): Promise<EditionRow | null> {
  const e = await db.edition.findUnique({ where: { date_frequency: { date: new Date(`${date}T00:00:00Z`), frequency } } });
  return e ? { id: e.id, date, frequency: e.frequency, status: e.status } : null;
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
