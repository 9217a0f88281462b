// When a new subscriber's first digest goes out, for the welcome mail: the next run of the edition scheduler
// (DIGEST_HOUR in DIGEST_TIMEZONE, see workers/digest.ts) on a day their frequency is due (edition-date.ts).
import { addDays, editionDateAt, frequenciesDue } from "@/lib/digest/edition-date";
import { dateLabel } from "@/lib/digest/digest-content";
import type { Frequency } from "@/lib/digest/frequency";

export interface DigestSchedule {
  hour: number;
  timeZone: string;
  /** Weekday of the weekly digest, 0 = Sunday. */
  weekday: number;
}

function hourAt(instant: Date, timeZone: string): number {
  const h = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(instant);
  return Number(h);
}

/** The edition date (YYYY-MM-DD in the schedule's time zone) of the first digest a subscriber confirmed at `now` gets. */
export function firstDigestDate(frequency: Frequency, now: Date, schedule: DigestSchedule): string {
  let date = editionDateAt(now, schedule.timeZone);
  // Today's run counts only if it has not started yet.
  if (hourAt(now, schedule.timeZone) >= schedule.hour) date = addDays(date, 1);
  while (!frequenciesDue(date, schedule.weekday).includes(frequency)) date = addDays(date, 1);
  return date;
}

/** "Tuesday, 2 December 2026, around 07:00 (UTC)". */
export function firstDigestLabel(frequency: Frequency, now: Date, schedule: DigestSchedule): string {
  const hh = String(schedule.hour).padStart(2, "0");
  return `${dateLabel(firstDigestDate(frequency, now, schedule))}, around ${hh}:00 (${schedule.timeZone.replace(/_/g, " ")} time)`;
}
