// One PrismaClient per process, on the Rust-free client with the pg driver adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;

export const CONNECT_TIMEOUT_MS = 5_000;

const globalForDb = globalThis as unknown as { paperboyDb?: PrismaClient };

export function createDb(connectionString: string = env().DATABASE_URL): PrismaClient {
  // A database that does not answer fails a request within seconds instead of holding it (and its visitor).
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) });
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
