// Every read and write of the console's own tables: pending sign-ins, sessions and the audit log. Transitions are
// conditional updates, so two tabs (or two servers) racing on one link or one session cannot both win.
import type { Db } from "@/lib/db";

export interface SignInRow {
  id: string;
  email: string;
  expiresAt: Date;
  mailedAt: Date | null;
  usedAt: Date | null;
}

export async function createSignIn(db: Db, email: string, expiresAt: Date): Promise<SignInRow> {
  return db.adminSignIn.create({ data: { email, expiresAt }, select: { id: true, email: true, expiresAt: true, mailedAt: true, usedAt: true } });
}

export async function findSignIn(db: Db, id: string): Promise<SignInRow | null> {
  return db.adminSignIn.findUnique({ where: { id }, select: { id: true, email: true, expiresAt: true, mailedAt: true, usedAt: true } });
}

/** Takes the link for one sign-in: true for the one caller that found it unused and unexpired. */
export async function useSignIn(db: Db, id: string, now: Date): Promise<boolean> {
  const res = await db.adminSignIn.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return res.count === 1;
}

/** The mail of a sign-in is claimed before sending, so a replayed job does not send a second copy. */
export async function claimSignInMail(db: Db, id: string, now: Date): Promise<boolean> {
  const res = await db.adminSignIn.updateMany({ where: { id, mailedAt: null, usedAt: null, expiresAt: { gt: now } }, data: { mailedAt: now } });
  return res.count === 1;
}

/** Nothing went out (a retry follows): the next attempt may claim it again. */
export async function releaseSignInMail(db: Db, id: string, claimedAt: Date): Promise<void> {
  await db.adminSignIn.updateMany({ where: { id, mailedAt: claimedAt }, data: { mailedAt: null } });
}

/** "Send a test of this edition to me": the request, mailed once by its job. */
export async function createEditionTestMail(db: Db, row: { editionId: string; contentKey: string; email: string }): Promise<string> {
  return (await db.editionTestMail.create({ data: row, select: { id: true } })).id;
}

export async function findEditionTestMail(db: Db, id: string): Promise<{ id: string; editionId: string; contentKey: string; email: string } | null> {
  return db.editionTestMail.findUnique({ where: { id }, select: { id: true, editionId: true, contentKey: true, email: true } });
}

export async function claimEditionTestMail(db: Db, id: string, now: Date): Promise<boolean> {
  return (await db.editionTestMail.updateMany({ where: { id, mailedAt: null }, data: { mailedAt: now } })).count === 1;
}

export async function releaseEditionTestMail(db: Db, id: string, claimedAt: Date): Promise<void> {
  await db.editionTestMail.updateMany({ where: { id, mailedAt: claimedAt }, data: { mailedAt: null } });
}

export interface SessionRow {
  id: string;
  email: string;
  secretHash: string;
  createdAt: Date;
  rotatedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const sessionSelect = { id: true, email: true, secretHash: true, createdAt: true, rotatedAt: true, lastSeenAt: true, expiresAt: true, revokedAt: true } as const;

export async function createSession(
  db: Db,
  data: { email: string; secretHash: string; expiresAt: Date; now: Date; ip: string; userAgent: string },
): Promise<SessionRow> {
  return db.adminSession.create({
    data: { email: data.email, secretHash: data.secretHash, expiresAt: data.expiresAt, createdAt: data.now, rotatedAt: data.now, lastSeenAt: data.now, ip: data.ip, userAgent: data.userAgent },
    select: sessionSelect,
  });
}

export async function findSession(db: Db, id: string): Promise<SessionRow | null> {
  return db.adminSession.findUnique({ where: { id }, select: sessionSelect });
}

/** Records activity; at most once a minute per session, so reading pages does not write on every request. */
export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.adminSession.updateMany({ where: { id, revokedAt: null, lastSeenAt: { lt: new Date(now.getTime() - 60_000) } }, data: { lastSeenAt: now } });
}

/** Replaces the session's secret, fenced by the one it had: of two racing rotations only one takes effect. */
export async function rotateSessionSecret(db: Db, id: string, oldHash: string, newHash: string, now: Date): Promise<boolean> {
  const res = await db.adminSession.updateMany({
    where: { id, secretHash: oldHash, revokedAt: null },
    data: { secretHash: newHash, rotatedAt: now, lastSeenAt: now },
  });
  return res.count === 1;
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<boolean> {
  const res = await db.adminSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  return res.count === 1;
}

/** Revokes every open session of an address (e.g. one no longer in ADMIN_EMAILS). */
export async function revokeSessionsOf(db: Db, email: string, now: Date): Promise<number> {
  const res = await db.adminSession.updateMany({ where: { email, revokedAt: null }, data: { revokedAt: now } });
  return res.count;
}

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  detail?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditRow extends Required<AuditEntry> {
  id: string;
  createdAt: Date;
}

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.adminAuditEvent.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 512) ?? null,
    },
  });
}

/** The newest entries first, keyset-paged by id. */
export async function listAudit(db: Db, { limit = 100, before }: { limit?: number; before?: bigint } = {}): Promise<AuditRow[]> {
  const rows = await db.adminAuditEvent.findMany({
    where: before ? { id: { lt: before } } : {},
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
