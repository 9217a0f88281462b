// Progress of an edition for `npm run digest:status`: counts by state, the send rate over the last minute, an ETA.
import type { Sql } from "@/lib/digest/pg-pool";

export interface EditionStatus {
  id: string;
  date: string;
  frequency: string;
  status: string;
  consecutiveErrors: number;
  counts: Record<string, number>;
  total: number;
  /** Deliveries in a final state (everything but PENDING and SENDING). */
  finished: number;
  ratePerSecond: number;
  etaSeconds: number | null;
}

export const DELIVERY_STATES = ["PENDING", "SENDING", "SENT", "SKIPPED", "BOUNCED", "FAILED", "UNKNOWN"] as const;

export async function editionStatuses(sql: Sql, filter: { date?: string; limit?: number } = {}): Promise<EditionStatus[]> {
  const editions = await sql.query<{ id: string; date: string; frequency: string; status: string; consecutiveErrors: number }>(
    `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, frequency::text AS frequency, status::text AS status, "consecutiveErrors"
       FROM "Edition" ${filter.date ? "WHERE date = $2::date" : ""} ORDER BY date DESC, frequency LIMIT $1`,
    filter.date ? [filter.limit ?? 5, filter.date] : [filter.limit ?? 5],
  );
  const out: EditionStatus[] = [];
  for (const e of editions.rows) {
    const rows = await sql.query<{ status: string; n: string }>(
      `SELECT status::text AS status, count(*) AS n FROM "Delivery" WHERE "editionId" = $1 GROUP BY 1`,
      [e.id],
    );
    const counts: Record<string, number> = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0]));
    for (const r of rows.rows) counts[r.status] = Number(r.n);
    const recent = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM "Delivery" WHERE "editionId" = $1 AND status = 'SENT' AND "sentAt" > now() - interval '60 seconds'`,
      [e.id],
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const open = (counts.PENDING ?? 0) + (counts.SENDING ?? 0);
    const ratePerSecond = Number(recent.rows[0]?.n ?? 0) / 60;
    out.push({
      ...e,
      counts,
      total,
      finished: total - open,
      ratePerSecond,
      etaSeconds: open === 0 ? 0 : ratePerSecond > 0 ? open / ratePerSecond : null,
    });
  }
  return out;
}

export function progressBar(fraction: number, width = 30): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}] ${(f * 100).toFixed(1).padStart(5)}%`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "unknown (nothing sent in the last minute)";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.ceil(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatStatus(s: EditionStatus): string {
  const lines = [
    `${s.frequency.toLowerCase()} edition ${s.date} (${s.id}): ${s.status}${s.status === "PAUSED" ? ` after ${s.consecutiveErrors} consecutive errors; resume with: npm run digest -- --date ${s.date} --resume` : ""}`,
    `  ${progressBar(s.total ? s.finished / s.total : 0)}  ${s.finished.toLocaleString("en")} / ${s.total.toLocaleString("en")} deliveries settled`,
    `  ${DELIVERY_STATES.map((k) => `${k.toLowerCase()} ${(s.counts[k] ?? 0).toLocaleString("en")}`).join(" · ")}`,
    `  rate ${s.ratePerSecond.toFixed(1)}/s over the last minute · ETA ${formatDuration(s.etaSeconds)}`,
  ];
  if ((s.counts.UNKNOWN ?? 0) > 0) lines.push(`  ${s.counts.UNKNOWN} UNKNOWN: connection lost after the message was handed over; not resent (may have arrived)`);
  return lines.join("\n");
}
