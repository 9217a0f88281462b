// The delivery state machine in SQL. Every transition is a conditional update, so the database (not BullMQ, not an
// in-memory flag) decides who may send what:
//   PENDING --claim--> SENDING --transmit mark--> (bytes go out) --250--> SENT
//   SENDING --4xx / not sent--> PENDING (or FAILED after MAX_ATTEMPTS)   --5xx--> BOUNCED / FAILED
//   SENDING (transmitted) --dropped after DATA--> UNKNOWN (never retried automatically)
// `attempts` is incremented by each claim and works as a fencing token: a worker may only move a row it claimed
// with that very attempt number, so a worker that was presumed dead cannot overwrite someone else's claim.
// Client: `pg` (`Sql`, lib/digest/pg-pool.ts) for the fan-out, the send path's hot statements and the reconciler's
// and the commands' reads; Prisma (`Db`) for the web's reads (an edition page's paper list, the console's look at one reader).
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { claimOwnerId, OWNER_GONE } from "@/lib/digest/claim-owner";
import type { Frequency } from "@/lib/digest/frequency";

export const MAX_ATTEMPTS = 8;

/** A claimed row: what the sender needs per message. The paper lists are read once per content group (loadContent). */
export interface ClaimedDelivery {
  id: string;
  editionId: string;
  subscriberId: string;
  attempts: number;
  contentKey: string;
  email: string;
  date: string;
  frequency: Frequency;
}

/** The papers (and reasons) of one delivery: the same for every delivery with its contentKey. */
export async function loadContent(
  sql: Sql,
  deliveryId: string,
): Promise<{ paperIds: string[]; reasons: string[]; alsoTrendingIds: string[] }> {
  const res = await sql.query<{ paperIds: string[]; reasons: string[]; alsoTrendingIds: string[] }>(
    `SELECT "paperIds", reasons, "alsoTrendingIds" FROM "Delivery" WHERE id = $1::uuid`,
    [deliveryId],
  );
  const row = res.rows[0];
  if (!row) throw new Error(`delivery ${deliveryId} is gone`);
  return row;
}

/** The edition's PENDING deliveries, in id order (the order send batches are cut in). */
export async function pendingDeliveryIds(sql: Sql, editionId: string): Promise<string[]> {
  const res = await sql.query<{ id: string }>(
    `SELECT id FROM "Delivery" WHERE "editionId" = $1::uuid AND status = 'PENDING' ORDER BY id`,
    [editionId],
  );
  return res.rows.map((r) => r.id);
}

/** A new delivery row as the fan-out writes it: PENDING with its papers, or SKIPPED with the reason. */
export interface NewDelivery {
  subscriberId: string;
  status: "PENDING" | "SKIPPED";
  paperIds: string[];
  reasons: string[];
  alsoTrendingIds: string[];
  contentKey: string | null;
  lastError: string | null;
}

/** Writes the rows a subscriber of the edition does not have yet (a rerun of the fan-out writes only the rest). */
export async function insertDeliveries(sql: Sql, editionId: string, rows: NewDelivery[]): Promise<{ pending: number; skipped: number }> {
  const inserted = await sql.query<{ status: string }>(
    `INSERT INTO "Delivery" (id, "editionId", "subscriberId", status, "paperIds", reasons, "alsoTrendingIds", "contentKey", "lastError")
     SELECT gen_random_uuid(), $1::uuid, r."subscriberId", r.status::"DeliveryStatus", r."paperIds", r.reasons, r."alsoTrendingIds", r."contentKey", r."lastError"
       FROM jsonb_to_recordset($2::jsonb) AS r("subscriberId" uuid, status text, "paperIds" text[], reasons text[], "alsoTrendingIds" text[], "contentKey" text, "lastError" text)
     ON CONFLICT ("editionId", "subscriberId") DO NOTHING
     RETURNING status`,
    [editionId, JSON.stringify(rows)],
  );
  const pending = inserted.rows.filter((r) => r.status === "PENDING").length;
  return { pending, skipped: inserted.rows.length - pending };
}

/** Those of `subscriberIds` that already have a row in the edition. */
export async function subscribersWithDelivery(sql: Sql, editionId: string, subscriberIds: string[]): Promise<Set<string>> {
  const res = await sql.query<{ s: string }>(
    `SELECT "subscriberId" AS s FROM "Delivery" WHERE "editionId" = $1::uuid AND "subscriberId" = ANY($2::uuid[])`,
    [editionId, subscriberIds],
  );
  return new Set(res.rows.map((r) => r.s));
}

/** (subscriber, paper) pairs among the given ones that were in a digest accepted for them in one of `editionIds`. */
export async function sentPaperPairs(
  sql: Sql,
  editionIds: string[],
  subscriberIds: string[],
  paperIds: string[],
): Promise<{ subscriberId: string; paperId: string }[]> {
  const res = await sql.query<{ subscriberId: string; paperId: string }>(
    `SELECT DISTINCT d."subscriberId", p AS "paperId"
       FROM "Delivery" d, unnest(d."paperIds" || d."alsoTrendingIds") AS p
      WHERE d."editionId" = ANY($1::uuid[]) AND d."subscriberId" = ANY($2::uuid[]) AND d.status = 'SENT' AND p = ANY($3::text[])`,
    [editionIds, subscriberIds, paperIds],
  );
  return res.rows;
}

/** The edition's deliveries by state (states without rows are absent). */
export async function countByStatus(sql: Sql, editionId: string): Promise<Record<string, number>> {
  const res = await sql.query<{ status: string; n: string }>(
    `SELECT status::text AS status, count(*) AS n FROM "Delivery" WHERE "editionId" = $1::uuid GROUP BY 1 ORDER BY 1`,
    [editionId],
  );
  return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
}

/** The edition's distinct paper lists (content keys) with how many readers got each, the largest first. */
export async function contentGroups(sql: Sql, editionId: string, limit = 200): Promise<{ contentKey: string; readers: number }[]> {
  const res = await sql.query<{ contentKey: string; n: string }>(
    `SELECT "contentKey", count(*) AS n FROM "Delivery" WHERE "editionId" = $1::uuid AND "contentKey" IS NOT NULL
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $2`,
    [editionId, limit],
  );
  return res.rows.map((r) => ({ contentKey: r.contentKey, readers: Number(r.n) }));
}

/** When the edition's sending began and last sent (epoch seconds), how many went out in the last minute, and how many claims are orphaned. */
export async function sendingWindow(
  sql: Sql,
  editionId: string,
): Promise<{ first: number | null; last: number | null; now: number; recent: number; orphaned: number }> {
  // The window starts with the first claim of a message that was sent.
  const res = await sql.query<{ first: number | null; last: number | null; now: number; recent: string; orphaned: string }>(
    `SELECT extract(epoch FROM min(d."claimedAt") FILTER (WHERE d.status = 'SENT'))::float8 AS first,
            extract(epoch FROM max(d."sentAt") FILTER (WHERE d.status = 'SENT'))::float8 AS last,
            extract(epoch FROM now())::float8 AS now,
            count(*) FILTER (WHERE d.status = 'SENT' AND d."sentAt" > now() - interval '60 seconds') AS recent,
            count(*) FILTER (WHERE d.status = 'SENDING' AND ${OWNER_GONE}) AS orphaned
       FROM "Delivery" d WHERE d."editionId" = $1::uuid`,
    [editionId],
  );
  const w = res.rows[0]!;
  return { first: w.first, last: w.last, now: w.now, recent: Number(w.recent), orphaned: Number(w.orphaned) };
}

/** A delivery's recorded row with its subscriber's address and topic names: what a dry run of an existing edition shows. */
export interface RecordedDelivery {
  email: string;
  topics: string[];
  status: string;
  paperIds: string[];
  reasons: string[];
  alsoTrendingIds: string[];
}

/** The edition's first `limit` deliveries by subscriber id. */
export async function firstDeliveries(sql: Sql, editionId: string, limit: number): Promise<RecordedDelivery[]> {
  const res = await sql.query<RecordedDelivery>(
    `SELECT s.email, d.status::text AS status, d."paperIds", d.reasons, d."alsoTrendingIds",
            coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM "SubscriberTopic" st JOIN "Topic" t ON t.id = st."topicId"
                       WHERE st."subscriberId" = s.id), '{}') AS topics
       FROM "Delivery" d JOIN "Subscriber" s ON s.id = d."subscriberId"
      WHERE d."editionId" = $1::uuid ORDER BY s.id LIMIT $2`,
    [editionId, limit],
  );
  return res.rows;
}

/** The papers of one content group of the edition (every delivery with that contentKey has the same). */
export async function contentOfGroup(
  db: Db,
  editionId: string,
  contentKey: string,
): Promise<{ paperIds: string[]; reasons: string[]; alsoTrendingIds: string[] } | null> {
  return db.delivery.findFirst({ where: { editionId, contentKey }, select: { paperIds: true, reasons: true, alsoTrendingIds: true } });
}

/** One subscriber's delivery in the edition, if the fan-out gave them one. */
export async function deliveryOfSubscriber(
  db: Db,
  editionId: string,
  subscriberId: string,
): Promise<{ status: string; paperIds: string[]; reasons: string[]; alsoTrendingIds: string[]; lastError: string | null } | null> {
  return db.delivery.findFirst({
    where: { editionId, subscriberId },
    select: { status: true, paperIds: true, reasons: true, alsoTrendingIds: true, lastError: true },
  });
}

export async function countSent(sql: Sql, editionId: string): Promise<number> {
  const res = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Delivery" WHERE "editionId" = $1 AND status = 'SENT'`, [editionId]);
  return Number(res.rows[0]?.n ?? 0);
}

// Named statements (planning a mark cost more than running it) whose generic plan cannot scan a table: rows by primary
// key only, edition and subscriber checks as per-row subqueries, which are index lookups (docs/benchmarks.md).
/** Per delivery row `d`: its edition is sending. */
const EDITION_SENDING = `(SELECT e.status = 'SENDING' FROM "Edition" e WHERE e.id = d."editionId")`;
/** Per delivery row `d`: the subscriber may receive mail right now (active, not paused, address not suppressed). */
const ELIGIBLE = `(SELECT s.status = 'ACTIVE' AND (s."pausedUntil" IS NULL OR s."pausedUntil" <= now())
  AND NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x."emailHash" = encode(sha256(convert_to(s.email, 'UTF8')), 'hex'))
  FROM "Subscriber" s WHERE s.id = d."subscriberId")`;

/**
 * Claims the PENDING rows among `ids` whose edition is sending, in the name of `owner` (see claim-owner.ts). Rows
 * whose subscriber is no longer eligible (unsubscribed, paused, suppressed since the fan-out) become SKIPPED instead.
 */
export async function claimDeliveries(sql: Sql, ids: string[], owner: number | null = claimOwnerId()): Promise<ClaimedDelivery[]> {
  await sql.query({
    name: "delivery-skip-ineligible",
    text: `UPDATE "Delivery" d SET status = 'SKIPPED', "lastError" = 'not eligible at claim (unsubscribed, paused or suppressed)'
      WHERE d.id = ANY($1::uuid[]) AND d.status = 'PENDING' AND ${EDITION_SENDING} AND NOT ${ELIGIBLE}`,
    values: [ids],
  });
  const res = await sql.query<ClaimedDelivery>({
    name: "delivery-claim",
    text: `WITH c AS (
       UPDATE "Delivery" d SET status = 'SENDING', "claimedAt" = now(), "claimedBy" = $2::int, attempts = d.attempts + 1, "transmittedAt" = NULL
        WHERE d.id = ANY($1::uuid[]) AND d.status = 'PENDING' AND ${EDITION_SENDING}
        RETURNING d.id, d."editionId", d."subscriberId", d.attempts, d."contentKey")
     SELECT c.*, (SELECT s.email FROM "Subscriber" s WHERE s.id = c."subscriberId") AS email,
            (SELECT to_char(e.date, 'YYYY-MM-DD') FROM "Edition" e WHERE e.id = c."editionId") AS date,
            (SELECT e.frequency::text FROM "Edition" e WHERE e.id = c."editionId") AS frequency
       FROM c ORDER BY c.id`,
    values: [ids, owner],
  });
  return res.rows;
}

/**
 * The last check before the bytes go out (called after the server's 354): stamps transmittedAt on the rows still
 * claimed by this attempt whose subscriber is still eligible and whose edition is not paused. Returns the ids that
 * may be transmitted. Rows left out are released (PENDING) or skipped, so nothing stays claimed for no reason.
 */
export async function markTransmitting(sql: Sql, items: { id: string; attempts: number }[]): Promise<Set<string>> {
  const ids = items.map((i) => i.id);
  const attempts = items.map((i) => i.attempts);
  const res = await sql.query<{ id: string }>({
    name: "delivery-mark-transmitting",
    text: `UPDATE "Delivery" d SET "transmittedAt" = now()
       FROM unnest($1::uuid[], $2::int[]) AS f(id, attempts)
      WHERE d.id = ANY($1::uuid[]) AND d.id = f.id AND d.attempts = f.attempts AND d.status = 'SENDING' AND d."transmittedAt" IS NULL
        AND ${EDITION_SENDING} AND ${ELIGIBLE}
      RETURNING d.id`,
    values: [ids, attempts],
  });
  const ok = new Set(res.rows.map((r) => r.id));
  const refused = items.filter((i) => !ok.has(i.id));
  if (refused.length) {
    await sql.query(
      `UPDATE "Delivery" d
          SET status = CASE WHEN ${ELIGIBLE} THEN 'PENDING'::"DeliveryStatus" ELSE 'SKIPPED'::"DeliveryStatus" END,
              "lastError" = CASE WHEN ${ELIGIBLE} THEN 'released: edition paused' ELSE 'not eligible at send (unsubscribed, paused or suppressed)' END
         FROM unnest($1::uuid[], $2::int[]) AS f(id, attempts)
        WHERE d.id = ANY($1::uuid[]) AND d.id = f.id AND d.attempts = f.attempts AND d.status = 'SENDING' AND d."transmittedAt" IS NULL`,
      [refused.map((i) => i.id), refused.map((i) => i.attempts)],
    );
  }
  return ok;
}

export interface TakeOver {
  /** Claims never transmitted, back to PENDING: provably unsent, sent again by whoever claims them next. */
  released: number;
  /** Claims whose transmission had started: UNKNOWN, never resent automatically (a second copy is worse). */
  unknown: number;
  /** Of those, claims taken because their owner's process is gone (the rest had expired by age). */
  ownerGone: number;
}

/**
 * Takes over the claims of unfinished editions (or of one edition) whose owner is gone (its process died) or that
 * are older than `staleBefore` (an owner that registered no lock, or one that hangs).
 */
/**
 * `ownerGone: false` takes over stale claims only: the workers' reconciler uses it, because every process's owner lock
 * drops for a moment when PostgreSQL itself restarts, while a rerun of `npm run digest` takes over at once.
 */
export async function takeOverClaims(sql: Sql, options: { staleBefore: Date; editionId?: string; ownerGone?: boolean }): Promise<TakeOver> {
  // Only unfinished editions can hold claims; naming them lets PostgreSQL read their rows through the
  // (editionId, subscriberId) index instead of the whole table (no index has status, see schema.prisma).
  const editions = options.editionId ? `$2::uuid` : `SELECT id FROM "Edition" WHERE status <> 'DONE'`;
  const params = options.editionId ? [options.staleBefore, options.editionId] : [options.staleBefore];
  const res = await sql.query<{ status: string; gone: boolean; n: string }>(
    `WITH t AS (
       UPDATE "Delivery" d
          SET status = CASE WHEN d."transmittedAt" IS NULL THEN 'PENDING'::"DeliveryStatus" ELSE 'UNKNOWN'::"DeliveryStatus" END,
              "lastError" = CASE
                WHEN d."transmittedAt" IS NOT NULL THEN 'sender lost after transmission started; may have arrived, not resent'
                WHEN ${OWNER_GONE} THEN 'released: the claiming process is gone, nothing was transmitted'
                ELSE 'released: claim went stale before transmission' END
        WHERE d."editionId" IN (${editions}) AND d.status = 'SENDING'
          AND (${options.ownerGone === false ? "false" : OWNER_GONE} OR (d."transmittedAt" IS NULL AND d."claimedAt" < $1) OR d."transmittedAt" < $1)
       RETURNING d.status::text AS status, ${OWNER_GONE} AS gone)
     SELECT status, gone, count(*) AS n FROM t GROUP BY 1, 2`,
    params,
  );
  const out: TakeOver = { released: 0, unknown: 0, ownerGone: 0 };
  for (const r of res.rows) {
    const n = Number(r.n);
    if (r.status === "PENDING") out.released += n;
    else out.unknown += n;
    if (r.gone) out.ownerGone += n;
  }
  return out;
}

export interface SentRecord {
  id: string;
  attempts: number;
  messageId: string;
  response: string;
}

/**
 * Records accepted messages: SENT, the Message-ID and the server's reply. (Which papers a subscriber has had is read
 * from these rows later, see received-papers.ts.) UNKNOWN is accepted as a prior state: a reconciler may have given
 * up on a slow worker that did get 250.
 */
export async function recordSent(sql: Sql, records: SentRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const res = await sql.query({
    name: "delivery-record-sent",
    text: `UPDATE "Delivery" d SET status = 'SENT', "messageId" = r.message_id, "smtpResponse" = r.response, "sentAt" = now(), "lastError" = NULL
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS r(id, attempts, message_id, response)
      WHERE d.id = ANY($1::uuid[]) AND d.id = r.id AND d.attempts = r.attempts AND d.status IN ('SENDING', 'UNKNOWN')`,
    values: [records.map((r) => r.id), records.map((r) => r.attempts), records.map((r) => r.messageId), records.map((r) => r.response)],
  });
  return res.rowCount ?? 0;
}

/** Refused before anything was accepted: back to PENDING for another try, or FAILED when out of attempts. */
export async function releaseForRetry(sql: Sql, item: { id: string; attempts: number }, error: string): Promise<"PENDING" | "FAILED"> {
  const res = await sql.query<{ status: "PENDING" | "FAILED" }>(
    `UPDATE "Delivery" SET status = CASE WHEN attempts >= $3 THEN 'FAILED'::"DeliveryStatus" ELSE 'PENDING'::"DeliveryStatus" END,
            "lastError" = $4, "transmittedAt" = NULL, "smtpResponse" = $4
      WHERE id = $1 AND attempts = $2 AND status = 'SENDING' RETURNING status`,
    [item.id, item.attempts, MAX_ATTEMPTS, error.slice(0, 500)],
  );
  return res.rows[0]?.status ?? "PENDING";
}

/**
 * The sender knows no byte of this attempt went out (its transmission mark failed, e.g. the connection broke as the
 * mark committed): back to PENDING with transmittedAt cleared, under the attempt fence. UNKNOWN is accepted as a
 * prior state: a takeover that saw the committed mark could not know what the sender knows. An outage is not the
 * message's failure, so this never ends FAILED.
 */
export async function releaseUnsent(sql: Sql, item: { id: string; attempts: number }, reason: string): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "Delivery" SET status = 'PENDING', "transmittedAt" = NULL, "lastError" = $3
      WHERE id = $1 AND attempts = $2 AND status IN ('SENDING', 'UNKNOWN')`,
    [item.id, item.attempts, reason.slice(0, 500)],
  );
  return (res.rowCount ?? 0) > 0;
}

/**
 * Claims of this process that it is not working on (a claim whose reply a broken connection lost), never
 * transmitted: back to PENDING at once instead of waiting to go stale. `busy` are the ids it is claiming or sending.
 */
export async function releaseOrphanedClaims(sql: Sql, owner: number, busy: string[]): Promise<number> {
  const res = await sql.query(
    `UPDATE "Delivery" d SET status = 'PENDING', "lastError" = 'released: claim reply lost while the database was unreachable'
      WHERE d."editionId" IN (SELECT id FROM "Edition" WHERE status <> 'DONE') AND d."claimedBy" = $1 AND d.status = 'SENDING'
        AND d."transmittedAt" IS NULL AND NOT (d.id = ANY($2::uuid[]))`,
    [owner, busy],
  );
  return res.rowCount ?? 0;
}

/** A final state other than SENT: BOUNCED (5xx for this address), FAILED (permanent, not the address), UNKNOWN. */
export async function recordFinal(
  sql: Sql,
  item: { id: string; attempts: number },
  status: "BOUNCED" | "FAILED" | "UNKNOWN",
  detail: string,
): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "Delivery" SET status = $3::"DeliveryStatus", "lastError" = $4, "smtpResponse" = $4
      WHERE id = $1 AND attempts = $2 AND status = 'SENDING'`,
    [item.id, item.attempts, status, detail.slice(0, 500)],
  );
  // False when the claim was no longer ours (released as stale and taken by a newer attempt): that attempt decides.
  return (res.rowCount ?? 0) > 0;
}

/** A hard bounce counts against the subscriber; at the limit the address goes on the suppression list (as a hash). */
export async function countHardBounce(sql: Sql, subscriberId: string, limit: number): Promise<boolean> {
  const res = await sql.query<{ suppressed: boolean }>(
    `WITH s AS (UPDATE "Subscriber" SET "hardBounceCount" = "hardBounceCount" + 1 WHERE id = $1
                RETURNING "hardBounceCount", encode(sha256(convert_to(email, 'UTF8')), 'hex') AS hash),
          ins AS (INSERT INTO "Suppression" ("emailHash", reason)
                  SELECT hash, 'HARD_BOUNCE' FROM s WHERE "hardBounceCount" >= $2
                  ON CONFLICT DO NOTHING RETURNING 1)
     SELECT ("hardBounceCount" >= $2) AS suppressed FROM s`,
    [subscriberId, limit],
  );
  return res.rows[0]?.suppressed ?? false;
}

/** The edition and subscriber of a delivery, when it exists and was handed to a server (what a late bounce is about). */
export async function deliveryTarget(sql: Sql, deliveryId: string): Promise<{ id: string; editionId: string; subscriberId: string } | null> {
  const res = await sql.query<{ id: string; editionId: string; subscriberId: string }>(
    `SELECT id, "editionId", "subscriberId" FROM "Delivery" WHERE id = $1::uuid`,
    [deliveryId],
  );
  return res.rows[0] ?? null;
}

/** The delivery whose message carried this Message-ID (digest Message-IDs are `<delivery id@domain>`). */
export async function deliveryByMessageId(sql: Sql, messageId: string): Promise<{ id: string; editionId: string; subscriberId: string } | null> {
  const id = /^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@/i.exec(messageId)?.[1];
  if (!id) return null;
  const res = await sql.query<{ id: string; editionId: string; subscriberId: string }>(
    `SELECT id, "editionId", "subscriberId" FROM "Delivery" WHERE id = $1::uuid AND "messageId" = $2`,
    [id.toLowerCase(), messageId],
  );
  return res.rows[0] ?? null;
}

/**
 * A bounce reported after the server accepted the message (a DSN, a provider's webhook): SENT (or UNKNOWN) becomes
 * BOUNCED. True only for the call that changed the row, so the bounce is counted once however often it is reported.
 */
export async function recordLateBounce(sql: Sql, deliveryId: string, detail: string): Promise<boolean> {
  const res = await sql.query(
    `UPDATE "Delivery" SET status = 'BOUNCED', "lastError" = $2 WHERE id = $1::uuid AND status IN ('SENT', 'UNKNOWN')`,
    [deliveryId, detail.slice(0, 500)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Mails of the edition a server accepted (a late bounce keeps its sentAt): the denominator of the complaint rate. */
export async function countAccepted(sql: Sql, editionId: string): Promise<number> {
  const res = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Delivery" WHERE "editionId" = $1::uuid AND "sentAt" IS NOT NULL`, [editionId]);
  return Number(res.rows[0]?.n ?? 0);
}

/** The subscriber's most recent delivery a server accepted: what a report naming only the address is about. */
export async function latestAcceptedDelivery(sql: Sql, subscriberId: string): Promise<{ id: string; editionId: string; subscriberId: string } | null> {
  const res = await sql.query<{ id: string; editionId: string; subscriberId: string }>(
    `SELECT id, "editionId", "subscriberId" FROM "Delivery" WHERE "subscriberId" = $1::uuid AND "sentAt" IS NOT NULL ORDER BY "sentAt" DESC LIMIT 1`,
    [subscriberId],
  );
  return res.rows[0] ?? null;
}
