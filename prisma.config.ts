// Prisma CLI configuration. Migrations run through the Wasm schema engine with the pg adapter, because the
// native schema-engine binary cannot be downloaded on offline machines (see README, "Database").
import "dotenv/config";
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// adapter-pg does not map PostgreSQL catalog types (name, oid, regclass, ...) that `migrate deploy` reads
// (prisma/orm#27403). Reporting them as text makes deploy/status work. This patch lives only in the CLI config,
// never in the application.
const CATALOG_TYPE_OIDS = new Set([18, 19, 22, 24, 26, 30, 194, 1002, 1003, 2205, 2206, 3734, 3769, 4089, 4096]);
const TEXT_OID = 25;
function mapCatalogTypes(result: unknown): unknown {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  if (fields) for (const f of fields) if (CATALOG_TYPE_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  return result;
}
for (const proto of [pg.Pool.prototype, pg.Client.prototype] as unknown as { query: (...a: unknown[]) => unknown }[]) {
  const original = proto.query;
  proto.query = function patchedQuery(this: unknown, ...args: unknown[]) {
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === "function") return (out as Promise<unknown>).then(mapCatalogTypes);
    return out;
  };
}

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (see .env.example)");
    return new PrismaPg({ connectionString });
  },
} satisfies PrismaConfig;
