// One PrismaClient per process, on the Rust-free client with the pg driver adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { paperboyDb?: PrismaClient };

export function createDb(connectionString: string = env().DATABASE_URL): PrismaClient {
  // A bounded wait for a pooled connection: under overload a request fails fast (and is answered 503) instead of
  // queueing without end.
  const { DATABASE_POOL_SIZE: max, DATABASE_POOL_TIMEOUT_MS: connectionTimeoutMillis } = env();
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max, connectionTimeoutMillis }) });
}

/** The process-wide client (kept on globalThis so Next.js dev reloads do not open new pools). */
export function db(): PrismaClient {
  globalForDb.paperboyDb ??= createDb();
  return globalForDb.paperboyDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.paperboyDb?.$disconnect();
  globalForDb.paperboyDb = undefined;
}
