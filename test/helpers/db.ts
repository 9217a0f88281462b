// Database helpers for integration tests: one client, and a reset that empties every table between tests.
import { createDb, type Db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";

let client: Db | undefined;

export function testDb(): Db {
  resetEnvCache();
  client ??= createDb(process.env.DATABASE_URL);
  return client;
}

/** Empties every application table (the migration history stays). */
export async function resetDb(db: Db = testDb()): Promise<void> {
  const rows = await db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
}

export async function closeTestDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
