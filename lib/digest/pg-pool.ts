// A plain `pg` pool for the digest's hot paths (fan-out inserts, claims, send records): set-based statements over
// arrays (unnest) that would cost a round trip per row, or Prisma's per-query overhead, at 100,000 deliveries.
import pg from "pg";
import { env } from "@/lib/env";

export type Sql = pg.Pool;

const globalForPg = globalThis as unknown as { paperboyDigestPg?: pg.Pool };

export function createSql(connectionString: string = env().DATABASE_URL, max = 6): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
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
}
