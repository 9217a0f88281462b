// The test command behind `npm test`: prepares a clean test database (migrated), builds the web app for the
// browser tests, runs vitest against the real PostgreSQL, Redis and loopback SMTP servers, and ends with the
// plain line `N passed, N failed` that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { testEnvironment } from "./test-environment";

const root = path.resolve(import.meta.dirname, "..");
const vitestArgs = process.argv.slice(2);
const testEnv = testEnvironment();

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...testEnv, ...extraEnv } });
  return r.status ?? 1;
}

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe test database name: ${name}`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
}

function finish(passed: number, failed: number): never {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

async function main(): Promise<void> {
  await recreateDatabase(testEnv.DATABASE_URL);
  if (run("bash", ["scripts/prisma.sh", "migrate", "deploy"]) !== 0) {
    console.error("paperboy: migrating the test database failed");
    finish(0, 1);
  }
  // The browser tests run the production build, as an operator would.
  if (!process.env.SKIP_BUILD && run("node_modules/.bin/next", ["build"], { NEXT_TELEMETRY_DISABLED: "1" }) !== 0) {
    console.error("paperboy: `next build` failed");
    finish(0, 1);
  }
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "paperboy-vitest-")), "results.json");
  run("node_modules/.bin/vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...vitestArgs]);
  if (!existsSync(out)) {
    console.error("paperboy: vitest wrote no results");
    finish(0, 1);
  }
  const results = JSON.parse(readFileSync(out, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { status: string; assertionResults: { status: string }[]; name: string; message?: string }[];
  };
  // A file that fails to load has no failed assertions but still counts as a failure.
  const brokenFiles = results.testResults.filter(
    (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
  );
  for (const f of brokenFiles) console.error(`paperboy: ${path.relative(root, f.name)} failed to run: ${f.message ?? ""}`);
  finish(results.numPassedTests, results.numFailedTests + brokenFiles.length);
}

main().catch((err) => {
  console.error(err);
  finish(0, 1);
});
