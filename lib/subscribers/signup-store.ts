// The database side of a sign-up in one statement: the topics checked, the suppression looked up, the row created
// (with its topics) or its pending choices set, the consent event written, and the day's confirmation mail claimed.
// One round trip on a plain `pg` pool instead of a transaction of Prisma calls, each compiled per call: on the
// front door's hot path the round trips and the query compilation were most of a sign-up's cost
// (docs/benchmarks.md). The statement is atomic (the row is locked while it is read and written).
import pg from "pg";
import { env } from "@/lib/env";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { CONSENT_VERSION } from "@/lib/consent/consent-text";
import type { Frequency } from "@/lib/digest/frequency";
import type { SuppressionReason } from "@/lib/generated/prisma/enums";
import type { ConsentSource } from "@/lib/consent/record-consent-event";

const globalForSignupSql = globalThis as unknown as { paperboySignupPg?: pg.Pool };

/** The web process's pool for sign-ups: as many connections as sign-ups may run at once. */
export function signupSql(): Sql {
  globalForSignupSql.paperboySignupPg ??= createSql(env().DATABASE_URL, env().SIGNUP_CONCURRENCY);
  return globalForSignupSql.paperboySignupPg;
}

export async function closeSignupSql(): Promise<void> {
  await globalForSignupSql.paperboySignupPg?.end();
  globalForSignupSql.paperboySignupPg = undefined;
}

export interface SignupWrite {
  emailKey: string;
  /** The address as typed when it differs from the key. */
  emailAsTyped: string | null;
  /** For the consent log: the address as typed. */
  consentEmail: string;
  frequency: Frequency;
  topicSlugs: string[];
  /** Hashes of the address to look up in the suppression list. */
  suppressionHashes: string[];
  ip: string | null;
  userAgent: string | null;
  detail: string;
  /** For the consent log; "signup-form" unless an operator's import made the sign-up. */
  source?: Extract<ConsentSource, "signup-form" | "import">;
  now: Date;
  /** Whether this sign-up holds the day's confirmation slot in Redis: only then is the mail claimed here. */
  claimMail: boolean;
  /** Claims older than this no longer count (a day ago). */
  claimableBefore: Date;
  /** Ids for a new row and for a new confirmation link, made by the caller. */
  newId: string;
  newConfirmationId: string;
  /** False: only check the topics and the suppression, write nothing. */
  write: boolean;
}

export type SignupWriteResult =
  | { kind: "bad-topics" }
  | { kind: "suppressed"; reason: SuppressionReason }
  | { kind: "checked" }
  | { kind: "already-active"; id: string }
  | { kind: "created" | "updated-pending" | "updated-unsubscribed"; id: string; claimed: boolean }
  /** A concurrent sign-up of the same new address inserted its row first: run the statement again. */
  | { kind: "raced" };

// Every sub-statement sees the same snapshot, so each write is gated on the checks through the CTEs it reads.
const STATEMENT = `
WITH topics AS (
  SELECT id, slug FROM "Topic" WHERE slug = ANY($1::text[]) AND active
), checks AS (
  SELECT (SELECT count(*) FROM topics) = cardinality($1::text[]) AS topics_ok,
         (SELECT reason::text FROM "Suppression" WHERE "emailHash" = ANY($2::text[]) ORDER BY (reason = 'ERASED') LIMIT 1) AS suppression
), go AS (
  SELECT $13::boolean AND topics_ok AND (suppression IS NULL OR suppression = 'ERASED') AS go FROM checks
), existing AS (
  SELECT id, status::text AS status, "lastConfirmationSentAt" AS last_sent FROM "Subscriber" WHERE email = $3 FOR UPDATE
), created AS (
  INSERT INTO "Subscriber" (id, email, "emailAsTyped", frequency, "createdAt", "updatedAt", "lastConfirmationSentAt", "confirmationId")
  SELECT $10::uuid, $3, $4, $5::"Frequency", $8::timestamptz AT TIME ZONE 'UTC', $8::timestamptz AT TIME ZONE 'UTC',
         CASE WHEN $11::boolean THEN $8::timestamptz AT TIME ZONE 'UTC' END, CASE WHEN $11::boolean THEN $12::uuid END
  WHERE (SELECT go FROM go) AND NOT EXISTS (SELECT 1 FROM existing)
  ON CONFLICT (email) DO NOTHING
  RETURNING id
), created_topics AS (
  INSERT INTO "SubscriberTopic" ("subscriberId", "topicId") SELECT c.id, t.id FROM created c CROSS JOIN topics t
), updated AS (
  UPDATE "Subscriber" s
     SET "pendingFrequency" = $5::"Frequency",
         "pendingTopicIds" = (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM topics),
         "updatedAt" = $8::timestamptz AT TIME ZONE 'UTC',
         "lastConfirmationSentAt" = CASE WHEN x.claim THEN $8::timestamptz AT TIME ZONE 'UTC' ELSE s."lastConfirmationSentAt" END,
         -- The link's subject stays the same while it is unused, so an earlier mail's link still works.
         "confirmationId" = CASE WHEN x.claim THEN coalesce(s."confirmationId", $12::uuid) ELSE s."confirmationId" END
    FROM (SELECT e.id, e.status,
                 $11::boolean AND (e.last_sent IS NULL OR e.last_sent <= $9::timestamptz AT TIME ZONE 'UTC') AS claim
            FROM existing e WHERE e.status <> 'ACTIVE') x
   WHERE s.id = x.id AND (SELECT go FROM go)
  RETURNING s.id, x.status, x.claim
), consent AS (
  INSERT INTO "ConsentEvent" ("subscriberId", kind, email, topics, "consentVersion", source, ip, "userAgent", detail, "createdAt")
  SELECT w.id, 'SIGNUP', $6, $14::text[], $15, $18::text, $16, $17, $7 || w.suffix, $8::timestamptz AT TIME ZONE 'UTC'
    FROM (SELECT id, '' AS suffix FROM created UNION ALL SELECT id, ', applied once confirmed' FROM updated) w
)
SELECT c.topics_ok, c.suppression,
       (SELECT id FROM created) AS created_id,
       (SELECT id FROM updated) AS updated_id, (SELECT status FROM updated) AS updated_status, (SELECT claim FROM updated) AS updated_claim,
       (SELECT id FROM existing) AS existing_id, (SELECT status FROM existing) AS existing_status,
       (SELECT go FROM go) AS go
  FROM checks c`;

interface Row {
  topics_ok: boolean;
  suppression: SuppressionReason | null;
  created_id: string | null;
  updated_id: string | null;
  updated_status: string | null;
  updated_claim: boolean | null;
  existing_id: string | null;
  existing_status: string | null;
  go: boolean;
}

export async function writeSignup(sql: Sql, w: SignupWrite): Promise<SignupWriteResult> {
  const { rows } = await sql.query<Row>({
    name: "signup-write",
    text: STATEMENT,
    values: [
      w.topicSlugs,
      w.suppressionHashes,
      w.emailKey,
      w.emailAsTyped,
      w.frequency,
      w.consentEmail,
      w.detail,
      w.now.toISOString(),
      w.claimableBefore.toISOString(),
      w.newId,
      w.claimMail,
      w.newConfirmationId,
      w.write,
      [...w.topicSlugs].sort(),
      CONSENT_VERSION,
      w.ip,
      w.userAgent,
      w.source ?? "signup-form",
    ],
  });
  const r = rows[0]!;
  if (!r.topics_ok) return { kind: "bad-topics" };
  if (r.suppression && r.suppression !== "ERASED") return { kind: "suppressed", reason: r.suppression };
  if (!w.write) return { kind: "checked" };
  if (r.existing_status === "ACTIVE") return { kind: "already-active", id: r.existing_id! };
  if (r.created_id) return { kind: "created", id: r.created_id, claimed: w.claimMail };
  if (r.updated_id) return { kind: r.updated_status === "PENDING" ? "updated-pending" : "updated-unsubscribed", id: r.updated_id, claimed: !!r.updated_claim };
  return { kind: "raced" };
}

/** Gives the claim back when the mail could not be queued, so the person's next try sends it. */
export async function releaseMailClaim(sql: Sql, subscriberId: string, claimedAt: Date): Promise<void> {
  await sql.query(
    `UPDATE "Subscriber" SET "lastConfirmationSentAt" = NULL WHERE id = $1::uuid AND "lastConfirmationSentAt" = $2::timestamptz AT TIME ZONE 'UTC'`,
    [subscriberId, claimedAt.toISOString()],
  );
}

/**
 * Claims the day's confirmation mail of a pending sign-up (as the sign-up statement does): true when no confirmation
 * went out since `claimableBefore`. The link's subject stays the same while it is unused.
 */
export async function claimConfirmationMail(sql: Sql, subscriberId: string, now: Date, claimableBefore: Date, newConfirmationId: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE "Subscriber"
        SET "lastConfirmationSentAt" = $2::timestamptz AT TIME ZONE 'UTC', "confirmationId" = coalesce("confirmationId", $4::uuid)
      WHERE id = $1::uuid AND status = 'PENDING'
        AND ("lastConfirmationSentAt" IS NULL OR "lastConfirmationSentAt" <= $3::timestamptz AT TIME ZONE 'UTC')`,
    [subscriberId, now.toISOString(), claimableBefore.toISOString(), newConfirmationId],
  );
  return rowCount === 1;
}
