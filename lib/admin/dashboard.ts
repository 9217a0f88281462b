// What the console's dashboard and edition pages show. Subscriber and consent figures are read here (the console's
// own read-only questions); edition progress comes from lib/digest (status.ts, delivery-store.ts), never re-queried.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { editionStatuses, type EditionStatus } from "@/lib/digest/status";
import { contentGroups } from "@/lib/digest/delivery-store";
import { findEditionById } from "@/lib/digest/edition-store";
import { addDays, editionDateAt } from "@/lib/digest/edition-date";
import { viewInBrowserUrl } from "@/lib/digest/digest-content";
import { firstDigestDate, firstDigestLabel } from "@/lib/digest/next-digest";
import { FREQUENCIES, type Frequency } from "@/lib/digest/frequency";
import type { Sql } from "@/lib/digest/pg-pool";
import { reportCountsSince } from "@/lib/bounces/bounce-store";
import { nextScheduledRun, QUEUE, SCHEDULER } from "@/lib/queue/queues";

export const SUBSCRIBER_STATES = ["PENDING", "ACTIVE", "UNSUBSCRIBED"] as const;

export interface DayCounts {
  day: string;
  signups: number;
  confirmations: number;
  unsubscribes: number;
}

export interface Dashboard {
  subscribers: { status: string; frequency: string; count: number }[];
  subscriberTotal: number;
  days: DayCounts[];
  today: string;
  todaysEditions: EditionStatus[];
  recentEditions: EditionStatus[];
  bounced: number;
  unknown: number;
  nextEditions: { frequency: Frequency; date: string; label: string }[];
  /** Reports received over the 30 days: hard and soft bounces, complaints. */
  reported: { hard: number; soft: number; complaints: number };
  /** The next scheduled ingest: a time, "none" when no worker registered the schedule, "unknown" when Redis is away. */
  nextIngest: Date | "none" | "unknown";
  /** An edition is being prepared or sent: the page refreshes itself. */
  live: boolean;
}

/** Sign-ups, confirmations and unsubscribes per day (UTC) from the consent log, the last `days` days with today. */
export async function dailyCounts(db: Db, now: Date, days = 30): Promise<DayCounts[]> {
  const today = now.toISOString().slice(0, 10);
  const first = addDays(today, -(days - 1));
  const rows = await db.$queryRaw<{ day: string; kind: string; n: bigint }[]>`
    SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, kind::text AS kind, count(*) AS n
      FROM "ConsentEvent"
     WHERE "createdAt" >= ${new Date(`${first}T00:00:00Z`)} AND kind IN ('SIGNUP', 'CONFIRM', 'UNSUBSCRIBE')
     GROUP BY 1, 2`;
  const byDay = new Map<string, DayCounts>();
  for (let i = 0; i < days; i++) {
    const day = addDays(first, i);
    byDay.set(day, { day, signups: 0, confirmations: 0, unsubscribes: 0 });
  }
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (!d) continue;
    if (r.kind === "SIGNUP") d.signups = Number(r.n);
    else if (r.kind === "CONFIRM") d.confirmations = Number(r.n);
    else d.unsubscribes = Number(r.n);
  }
  return [...byDay.values()];
}

export async function dashboard(db: Db, sql: Sql, now = new Date()): Promise<Dashboard> {
  const e = env();
  const grouped = await db.subscriber.groupBy({ by: ["status", "frequency"], _count: { _all: true } });
  const subscribers = SUBSCRIBER_STATES.flatMap((status) =>
    FREQUENCIES.map((frequency) => ({ status, frequency, count: grouped.find((g) => g.status === status && g.frequency === frequency)?._count._all ?? 0 })),
  );
  const today = editionDateAt(now, e.DIGEST_TIMEZONE);
  const recent = await editionStatuses(sql, { limit: 8 });
  const schedule = { hour: e.DIGEST_HOUR, timeZone: e.DIGEST_TIMEZONE, weekday: e.DIGEST_WEEKDAY };
  const days = await dailyCounts(db, now);
  const reported = await reportCountsSince(sql, new Date(`${days[0]!.day}T00:00:00Z`));
  return {
    subscribers,
    subscriberTotal: subscribers.reduce((a, s) => a + s.count, 0),
    days,
    today,
    todaysEditions: recent.filter((s) => s.date === today),
    recentEditions: recent.filter((s) => s.date !== today),
    bounced: recent.reduce((a, s) => a + (s.counts.BOUNCED ?? 0), 0),
    unknown: recent.reduce((a, s) => a + (s.counts.UNKNOWN ?? 0), 0),
    nextEditions: FREQUENCIES.map((frequency) => ({ frequency, date: firstDigestDate(frequency, now, schedule), label: firstDigestLabel(frequency, now, schedule) })),
    reported: { hard: reported.HARD ?? 0, soft: reported.SOFT ?? 0, complaints: reported.COMPLAINT ?? 0 },
    nextIngest: await nextScheduledRun(QUEUE.ingest, SCHEDULER.ingest).then(
      (next) => next ?? "none",
      () => "unknown" as const,
    ),
    live: recent.some((s) => s.status === "SENDING" || s.status === "FANNING_OUT"),
  };
}

export function listEditionProgress(sql: Sql, limit = 60): Promise<EditionStatus[]> {
  return editionStatuses(sql, { limit });
}

export interface EditionDetail {
  status: EditionStatus;
  groups: { contentKey: string; readers: number; viewUrl: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function editionDetail(db: Db, sql: Sql, editionId: string): Promise<EditionDetail | null> {
  if (!UUID.test(editionId)) return null;
  const edition = await findEditionById(db, editionId);
  if (!edition) return null;
  const status = (await editionStatuses(sql, { date: edition.date, limit: FREQUENCIES.length })).find((s) => s.id === editionId);
  if (!status) return null;
  const groups = (await contentGroups(sql, editionId)).map((g) => ({ ...g, viewUrl: viewInBrowserUrl(env().APP_URL, editionId, g.contentKey) }));
  return { status, groups };
}
