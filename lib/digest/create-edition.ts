// One edition per (date, frequency), however often and from however many processes the scheduler fires: the
// unique index decides, INSERT ... ON CONFLICT DO NOTHING never fails on the loser, and everyone reads the winner.
import type { Db } from "@/lib/db";
import type { Frequency } from "@/lib/digest/edition-date";

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
