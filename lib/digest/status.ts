// Progress of an edition for `npm run digest:status`: counts by state, the send rate, an ETA, or why the edition
// cannot move and what to run.
import type { Sql } from "@/lib/digest/pg-pool";
import { liveOwnerCount } from "@/lib/digest/claim-owner";
import { countByStatus, sendingWindow } from "@/lib/digest/delivery-store";
import { listEditions, PAUSED_FOR_COMPLAINTS } from "@/lib/digest/edition-store";
import { countComplaintsSql } from "@/lib/bounces/bounce-store";

export interface EditionStatus {
  id: string;
  date: string;
  frequency: string;
  status: string;
  consecutiveErrors: number;
  /** null after a burst of SMTP errors; "complaint-rate" when the complaint-rate guard paused it. */
  pauseReason: string | null;
  /** Spam complaints reported about this edition's mails. */
  complaints: number;
  counts: Record<string, number>;
  total: number;
  /** Deliveries in a final state (everything but PENDING and SENDING). */
  finished: number;
  ratePerSecond: number;
  /** The seconds the rate was measured over: the last minute of sending, or the whole sending window once finished. */
  rateWindowSeconds: number;
  etaSeconds: number | null;
  /** Why the edition cannot move without an operator, and what to run; null when it can. */
  stuck: { why: string; run: string } | null;
}

/** The command that finishes (or takes over) an edition in this process. */
export function digestCommand(date: string, frequency: string): string {
  return `npm run digest -- --date ${date}${frequency === "WEEKLY" ? " --weekly" : ""}`;
}

export const DELIVERY_STATES = ["PENDING", "SENDING", "SENT", "SKIPPED", "BOUNCED", "FAILED", "UNKNOWN"] as const;

export async function editionStatuses(sql: Sql, filter: { date?: string; limit?: number } = {}): Promise<EditionStatus[]> {
  const editions = await listEditions(sql, filter);
  const out: EditionStatus[] = [];
  const liveSenders = editions.length ? await liveOwnerCount(sql) : 0;
  for (const e of editions) {
    const counts: Record<string, number> = { ...Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])), ...(await countByStatus(sql, e.id)) };
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const open = (counts.PENDING ?? 0) + (counts.SENDING ?? 0);
    // While sending, the rate covers the last minute of the window (or less, when sending began more recently);
    // once finished, the whole window.
    const win = await sendingWindow(sql, e.id);
    let ratePerSecond = 0;
    let rateWindowSeconds = 60;
    if (win.first !== null && win.last !== null) {
      if (open === 0) {
        rateWindowSeconds = Math.max(1, win.last - win.first);
        ratePerSecond = (counts.SENT ?? 0) / rateWindowSeconds;
      } else {
        rateWindowSeconds = Math.max(1, Math.min(60, win.now - win.first));
        ratePerSecond = win.recent / rateWindowSeconds;
      }
    }
    const stuck = stuckReason({ ...e, open, orphaned: win.orphaned, liveSenders });
    out.push({
      ...e,
      complaints: await countComplaintsSql(sql, e.id),
      counts,
      total,
      finished: total - open,
      ratePerSecond,
      rateWindowSeconds,
      etaSeconds: stuck || e.status === "PAUSED" ? null : open === 0 ? 0 : ratePerSecond > 0 ? open / ratePerSecond : null,
      stuck,
    });
  }
  return out;
}

/**
 * An unfinished edition moves only while some sending process is alive on this database (a worker, whose
 * reconciler also takes over what dead processes claimed, or `npm run digest`). With none, nothing will change.
 */
function stuckReason(e: { date: string; frequency: string; status: string; open: number; orphaned: number; liveSenders: number }): EditionStatus["stuck"] {
  if (e.liveSenders > 0 || e.status === "DONE" || e.status === "PAUSED") return null;
  const run = `${digestCommand(e.date, e.frequency)} (or start the workers: npm run worker)`;
  if (e.status === "FANNING_OUT") return { why: "the fan-out stopped before it finished and no sending process is running", run };
  if (e.open === 0) return null;
  if (e.orphaned > 0) {
    return { why: `${e.orphaned.toLocaleString("en")} deliveries are claimed by a run that is gone, and no sending process is running`, run };
  }
  return { why: `${e.open.toLocaleString("en")} deliveries wait and no sending process is running`, run };
}

export function progressBar(fraction: number, width = 30): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}] ${(f * 100).toFixed(1).padStart(5)}%`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "unknown (nothing sent in the last minute)";
  if (seconds < 1 && seconds > 0) return "1 s";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.ceil(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function complaintRate(s: Pick<EditionStatus, "complaints" | "counts">): string {
  const accepted = (s.counts.SENT ?? 0) + (s.counts.BOUNCED ?? 0);
  return accepted > 0 ? `${((100 * s.complaints) / accepted).toFixed(2)}%` : "none";
}

/** Why a paused edition paused, for digest:status and the console. */
export function pausedBecause(s: Pick<EditionStatus, "pauseReason" | "complaints" | "counts" | "consecutiveErrors">): string {
  if (s.pauseReason === PAUSED_FOR_COMPLAINTS) {
    return `because its spam complaints passed the limit (${s.complaints}, ${complaintRate(s)} of the mails accepted; COMPLAINT_RATE_LIMIT): find out why readers complain before resuming`;
  }
  return s.consecutiveErrors > 0 ? `after ${s.consecutiveErrors} consecutive errors` : "by an operator";
}

export function formatStatus(s: EditionStatus): string {
  const lines = [
    `${s.frequency.toLowerCase()} edition ${s.date} (${s.id}): ${s.status}${s.status === "PAUSED" ? ` ${pausedBecause(s)}; resume with: ${digestCommand(s.date, s.frequency)} --resume` : ""}`,
    `  ${progressBar(s.total ? s.finished / s.total : 0)}  ${s.finished.toLocaleString("en")} / ${s.total.toLocaleString("en")} deliveries settled`,
    `  ${DELIVERY_STATES.map((k) => `${k.toLowerCase()} ${(s.counts[k] ?? 0).toLocaleString("en")}`).join(" · ")}`,
  ];
  const finished = s.status === "DONE" || s.finished === s.total;
  const rate = !s.counts.SENT
    ? finished ? "nothing sent" : "nothing sent yet"
    : `rate ${s.ratePerSecond.toFixed(1)}/s ${finished ? `over the sending window (${formatDuration(s.rateWindowSeconds)})` : `over the last ${formatDuration(s.rateWindowSeconds)}`}`;
  if (s.stuck) lines.push(`  ${rate} · no ETA: stuck`, `  stuck: ${s.stuck.why}`, `  run: ${s.stuck.run}`);
  else if (s.status === "PAUSED") lines.push(`  ${rate} · no ETA while paused`);
  else lines.push(`  ${rate} · ETA ${formatDuration(s.etaSeconds)}`);
  if (s.complaints > 0) lines.push(`  ${s.complaints} spam complaint${s.complaints === 1 ? "" : "s"} (${complaintRate(s)} of the mails accepted)`);
  if ((s.counts.UNKNOWN ?? 0) > 0) lines.push(`  ${s.counts.UNKNOWN} UNKNOWN: connection lost after the message was handed over; not resent (may have arrived)`);
  return lines.join("\n");
}
