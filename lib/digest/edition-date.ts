// Edition dates are calendar dates in DIGEST_TIMEZONE: the 07:00 run in Europe/Berlin on 14 March is the
// 2025-03-14 edition even though it is still 13 March somewhere else.
import type { Frequency } from "@/lib/digest/frequency";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isEditionDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export function editionDateAt(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Daily always; weekly only on the configured weekday (0 = Sunday). */
export function frequenciesDue(date: string, weeklyWeekday: number): Frequency[] {
  return weekdayOf(date) === weeklyWeekday ? ["DAILY", "WEEKLY"] : ["DAILY"];
}

/**
 * Which Daily Papers dates feed an edition. Daily: the edition date and the day before (papers featured late in
 * the day are not lost; received-papers.ts keeps anyone from getting one twice). Weekly: the seven days before the edition
 * date, whose upvotes have settled.
 */
export function candidateWindow(date: string, frequency: Frequency): { from: string; to: string } {
  return frequency === "DAILY" ? { from: addDays(date, -1), to: date } : { from: addDays(date, -7), to: addDays(date, -1) };
}
