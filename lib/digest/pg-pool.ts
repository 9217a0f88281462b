// A plain `pg` pool for the digest's hot paths (fan-out inserts, claims, send records): set-based statements over
// arrays (unnest) that would cost a round trip per row, or Prisma's per-query overhead, at 100,000 deliveries.
import pg from "pg";
import { env } from "@/lib/env";

export type Sql = pg.Pool;

const globalForPg = globalThis as unknown as { paperboyDigestPg?: pg.Pool };

export function createSql(connectionString: string = env().DATABASE_URL, max = 6, { asyncCommit = false } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, ...(asyncCommit ? { options: "-c synchronous_commit=off" } : {}) });
  // An idle client losing its connection must not crash a worker; the next query opens a new one.
  pool.on("error", () => undefined);
  return pool;
}

export function sql(): pg.Pool {
  globalForPg.paperboyDigestPg ??= createSql();
  return globalForPg.paperboyDigestPg;
}

export async function closeSql(): Promise<void> {
  await globalForPg.paperboyDigestPg?.end();
  globalForPg.paperboyDigestPg = undefined;
  await closeMarkSql();
}

const globalForMarks = globalThis as unknown as { paperboyDigestMarkPg?: pg.Pool };

/**
 * The pool for transmission marks, which sit on the critical path of every message (written after the server's
 * 354, before the bytes). They commit asynchronously: the row is visible to every other session at once, so a dead
 * worker's marks are seen exactly as with a synchronous commit, but the sender does not wait ~2 ms for the WAL
 * flush. What this gives up: if PostgreSQL itself crashes (not a worker), marks of the last few hundred
 * milliseconds may be lost, and those messages would count as never transmitted. See README "Digest delivery".
 */
export function markSql(): pg.Pool {
  globalForMarks.paperboyDigestMarkPg ??= createSql(env().DATABASE_URL, 2, { asyncCommit: true });
  return globalForMarks.paperboyDigestMarkPg;
}

export async function closeMarkSql(): Promise<void> {
  await globalForMarks.paperboyDigestMarkPg?.end();
  globalForMarks.paperboyDigestMarkPg = undefined;
}
