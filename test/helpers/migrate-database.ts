// Creates a scratch database and brings it to a chosen point of the migration history with the real
// `prisma migrate deploy` (in a temporary copy of the project that holds only the migrations wanted), so a test can
// put data in at an older schema and then watch the next migrations run over it.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");
const migrationsDir = path.join(root, "prisma", "migrations");

export async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Every migration folder name, oldest first. */
export function migrationNames(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Runs `prisma migrate deploy` with the migrations older than `before` (all of them when null). */
export function deployMigrations(databaseUrl: string, before: string | null): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paperboy-migrate-"));
  try {
    mkdirSync(path.join(dir, "prisma", "migrations"), { recursive: true });
    cpSync(path.join(root, "prisma", "schema.prisma"), path.join(dir, "prisma", "schema.prisma"));
    cpSync(path.join(migrationsDir, "migration_lock.toml"), path.join(dir, "prisma", "migrations", "migration_lock.toml"));
    for (const name of migrationNames().filter((n) => before === null || n < before)) {
      cpSync(path.join(migrationsDir, name), path.join(dir, "prisma", "migrations", name), { recursive: true });
    }
    cpSync(path.join(root, "prisma.config.ts"), path.join(dir, "prisma.config.ts"));
    symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    const r = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`prisma migrate deploy failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
