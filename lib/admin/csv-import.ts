// The console's CSV import: a file of addresses (columns address, topics, frequency) becomes pending sign-ups that
// get the normal confirmation mail (lib/subscribers/import-signup.ts); nobody is activated by an import. Bad rows are
// reported by line with the reason and the good rows go in. The report is kept in Redis for a day under a random id
// (line numbers and reasons only, never an address); the audit log keeps the counts for good. Parsing is csv-parse's
// (RFC 4180 quoting), with every line break accepted, so a file saved on any system reads the same.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { FREQUENCY_CHOICES, type FrequencyChoice } from "@/lib/digest/frequency";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";
import { MAX_TOPICS } from "@/lib/subscribers/signup-form";
import { activeTopics } from "@/lib/subscribers/topics-lookup";
import { importSignups, type ImportedAddress, type ImportOutcome } from "@/lib/subscribers/import-signup";
import type { ActorContext, SubscriberDeps } from "@/lib/subscribers/deps";

export const MAX_IMPORT_BYTES = 1_000_000;
export const MAX_IMPORT_ROWS = 5_000;
const REPORT_TTL_SECONDS = 24 * 3600;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HEADER = ["address", "topics", "frequency"];

export interface LineProblem {
  line: number;
  reason: string;
}

export interface ParsedRow extends ImportedAddress {
  line: number;
}

export type ParsedImport = { ok: true; rows: ParsedRow[]; problems: LineProblem[] } | { ok: false; message: string };

export type SkipReason = "already subscribed" | "unsubscribed earlier" | "suppressed";

export interface ImportReport {
  id: string;
  at: string;
  /** Data rows in the file (the header and empty lines not counted). */
  rows: number;
  /** Pending sign-ups made or renewed; all but those in `mailedToday` got a confirmation mail queued. */
  pending: number;
  /** Lines of pending sign-ups whose confirmation mail already went out within the day (none is sent again). */
  mailedToday: number[];
  skipped: { line: number; why: SkipReason }[];
  problems: LineProblem[];
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** Reads the file's text into rows to import and problems by line; `ok: false` for a file that cannot be read at all. */
export function parseImportCsv(text: string, topicSlugs: ReadonlySet<string>): ParsedImport {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      bom: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const where = (err as { lines?: number }).lines;
    return { ok: false, message: `The file is not readable as CSV${where ? ` (near line ${where})` : ""}: check its quotes.` };
  }
  const rows: ParsedRow[] = [];
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  let first = true;
  for (const { record, info, raw } of records) {
    const lineBreaks = raw.replace(/(\r\n|\n|\r)$/, "").match(/\r\n|\n|\r/g)?.length ?? 0;
    const line = info.lines - lineBreaks;
    const cells = record.map((c) => c.trim());
    if (cells.every((c) => c === "")) continue;
    if (first) {
      first = false;
      if (["address", "email", "e-mail"].includes(cells[0]!.toLowerCase())) {
        const given = cells.map((c) => c.toLowerCase());
        if (given.some((c, i) => c !== HEADER[i] && !(i === 0 && (c === "email" || c === "e-mail")))) {
          return { ok: false, message: "The first line looks like a header but is not address,topics,frequency (in that order)." };
        }
        continue;
      }
    }
    if (rows.length + problems.length >= MAX_IMPORT_ROWS) return { ok: false, message: `The file has more than ${MAX_IMPORT_ROWS} rows; split it into smaller files.` };
    const row = parseRow(cells, line, lineBreaks, topicSlugs);
    if ("reason" in row) {
      problems.push(row);
      continue;
    }
    const earlier = firstLineOf.get(row.key);
    if (earlier !== undefined) {
      problems.push({ line, reason: `duplicate of line ${earlier}` });
      continue;
    }
    firstLineOf.set(row.key, line);
    rows.push(row);
  }
  if (rows.length + problems.length === 0) return { ok: false, message: "The file has no rows to import." };
  return { ok: true, rows, problems };
}

function parseRow(cells: string[], line: number, lineBreaks: number, topicSlugs: ReadonlySet<string>): ParsedRow | LineProblem {
  const bad = (reason: string): LineProblem => ({ line, reason });
  if (lineBreaks > 0) return bad(`a quoted field runs on to line ${line + lineBreaks} (a quote left open?)`);
  if (cells.length < 2 || cells.length > 3) return bad(`wrong number of columns: ${cells.length} (expected address, topics and, optionally, frequency)`);
  const [address = "", topicsCell = "", frequencyCell = ""] = cells;
  if (address === "") return bad("no address");
  const email = normaliseEmail(address);
  if (!email.ok) return bad(`bad address: ${email.message}`);
  const slugs = [...new Set(topicsCell.split(/[;\s]+/).filter(Boolean))];
  if (slugs.length === 0) return bad("no topic");
  if (slugs.length > MAX_TOPICS) return bad(`too many topics (at most ${MAX_TOPICS})`);
  const unknown = slugs.find((s) => !topicSlugs.has(s));
  if (unknown !== undefined) return bad(SLUG.test(unknown) ? `unknown topic "${unknown}"` : "a topic that is not a topic's short name (slug)");
  const frequency = (frequencyCell.toLowerCase() || "daily") as FrequencyChoice;
  if (!FREQUENCY_CHOICES.includes(frequency)) return bad("bad frequency (daily or weekly)");
  return { line, email: email.email, key: email.key, topicSlugs: slugs, frequency };
}

const SKIP: Record<Exclude<ImportOutcome, "pending" | "pending-mailed-today" | "bad-topics">, SkipReason> = {
  "already-subscribed": "already subscribed",
  "unsubscribed-earlier": "unsubscribed earlier",
  suppressed: "suppressed",
};

/** Imports a file's bytes: the report (also stored for the report page), or why the file could not be read. */
export async function importSubscribersCsv(
  bytes: Uint8Array,
  operator: Pick<Operator, "email">,
  client: Required<ActorContext>,
  deps: SubscriberDeps,
): Promise<{ ok: true; report: ImportReport } | { ok: false; message: string }> {
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, message: `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB; split it into smaller files.` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: "The file is not UTF-8 text. Save it as CSV UTF-8 and try again." };
  }
  const slugs = new Set((await activeTopics(deps.db)).map((t) => t.slug));
  const parsed = parseImportCsv(text, slugs);
  if (!parsed.ok) return parsed;
  const outcomes = await importSignups(parsed.rows, client, deps);
  const report: ImportReport = { id: randomUUID(), at: deps.now().toISOString(), rows: parsed.rows.length + parsed.problems.length, pending: 0, mailedToday: [], skipped: [], problems: [...parsed.problems] };
  for (const [i, outcome] of outcomes.entries()) {
    const line = parsed.rows[i]!.line;
    if (outcome === "pending") report.pending++;
    else if (outcome === "pending-mailed-today") {
      report.pending++;
      report.mailedToday.push(line);
    }
    // A topic retired between the check above and the write.
    else if (outcome === "bad-topics") report.problems.push({ line, reason: "a topic is no longer offered" });
    else report.skipped.push({ line, why: SKIP[outcome] });
  }
  report.problems.sort((a, b) => a.line - b.line);
  const count = (why: SkipReason) => report.skipped.filter((s) => s.why === why).length;
  await appendAudit(deps.db, {
    actor: operator.email,
    action: "imported subscribers",
    target: `import ${report.id}`,
    detail: `${report.rows} rows: ${report.pending} pending (${report.pending - report.mailedToday.length} mails queued), ${count("already subscribed")} already subscribed, ${count("unsubscribed earlier")} unsubscribed earlier, ${count("suppressed")} suppressed, ${report.problems.length} bad`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  await deps.redis.set(reportKey(report.id), JSON.stringify(report), "EX", REPORT_TTL_SECONDS);
  return { ok: true, report };
}

const reportKey = (id: string) => `${env().REDIS_PREFIX}:admin-import-report:${id}`;

export async function findImportReport(redis: Redis, id: string): Promise<ImportReport | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  const json = await redis.get(reportKey(id));
  return json ? (JSON.parse(json) as ImportReport) : null;
}
