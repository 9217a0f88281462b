// A plain `pg` pool for the digest's hot paths (fan-out inserts, claims, send records): set-based statements over
// arrays (unnest) that would cost a round trip per row, or Prisma's per-query overhead, at 100,000 deliveries.
import pg from "pg";
import { env } from "@/lib/env";
import { CONNECT_TIMEOUT_MS } from "@/lib/db";

export type Sql = pg.Pool;

const globalForPg = globalThis as unknown as { paperboyDigestPg?: pg.Pool };

export function createSql(connectionString: string = env().DATABASE_URL, max = 6): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
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
 * 354, before the bytes): on connections of their own they never wait behind a claim or a fan-out page. They commit
 * synchronously, like everything else: a mark lost in a PostgreSQL crash would make a transmitted message look
 * never sent, and it would go out twice (what asynchronous commit would save: docs/benchmarks.md).
 */
export const MARK_CONNECTIONS = 2;

export function markSql(): pg.Pool {
  globalForMarks.paperboyDigestMarkPg ??= createSql(env().DATABASE_URL, MARK_CONNECTIONS);
  return globalForMarks.paperboyDigestMarkPg;
}

export async function closeMarkSql(): Promise<void> {
  await globalForMarks.paperboyDigestMarkPg?.end();
  globalForMarks.paperboyDigestMarkPg = undefined;
}
