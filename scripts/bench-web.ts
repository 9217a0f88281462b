// `npm run bench:web`: the web app's front door under load. Starts the production build (`npm start`) on its own
// database (migrated, seeded, the recorded papers ingested) and Redis prefix, the transactional worker and a local
// SMTP sink, then for GET /, GET /papers, a static asset (the ceiling: same server, same run) and sign-up POSTs
// (the plain form POST and the JavaScript server action; every sign-up a new address from a new client IP in
// X-Forwarded-For) prints requests/s, p50, p99 and error counts at each concurrency, the ratio of GET / to the
// static asset, and checks that every accepted sign-up's confirmation mail reached the sink.
// Loopback only; each step is bounded in time (--seconds) and in requests (--max-requests).
//   npm run bench:web -- [--db NAME] [--prefix PREFIX] [--port 3920] [--seconds 5] [--concurrency 16,64,256]
//                        [--max-requests 20000] [--max-signups 4000] [--only pages|signups] [--build]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { Pool } from "undici";
import { startCountingSink } from "../test/helpers/counting-sink";
import { flushPrefix } from "../test/helpers/redis";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";

const root = path.resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const DB_NAME = arg("db", "paperboy_bench_web");
const PREFIX = arg("prefix", "pb-bench-web");
const PORT = Number(arg("port", "3920"));
const SMTP_PORT = PORT + 1;
const SECONDS = Number(arg("seconds", "5"));
const MAX_REQUESTS = Number(arg("max-requests", "20000"));
const MAX_SIGNUPS = Number(arg("max-signups", "4000"));
const LEVELS = arg("concurrency", "16,64,256").split(",").map(Number);
/** "pages", "signups" or both (default). */
const ONLY = arg("only", "all");
if (!/^[a-z0-9_]+$/.test(DB_NAME)) throw new Error(`unsafe database name: ${DB_NAME}`);

const ORIGIN = `http://127.0.0.1:${PORT}`;
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const benchEnv: Record<string, string> = {
  DATABASE_URL,
  REDIS_URL: "redis://127.0.0.1:6379/0",
  REDIS_PREFIX: PREFIX,
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  APP_URL: ORIGIN,
  APP_SECRET: randomBytes(32).toString("hex"),
  MAIL_FROM: "Paperboy <digest@paperboy.local>",
  POSTAL_ADDRESS: "Paperboy, 1 Bench Street, 00000 Benchville",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
  // The bench waits out the minimum fill time itself (below) rather than switching it off.
  SIGNUP_MIN_FILL_MS: "1500",
  PORT: String(PORT),
  // A bounded wait for a database connection, as .env.example suggests for the web app: overload answers 503.
  DATABASE_POOL_TIMEOUT_MS: "5000",
};

function step(what: string) {
  console.log(`bench:web: ${what}`);
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...benchEnv }, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  run("node_modules/.bin/prisma", ["migrate", "deploy"]);
  run("node_modules/.bin/tsx", ["prisma/seed.ts"]);
  run("node_modules/.bin/tsx", ["scripts/ingest.ts", "--from-file"]);
}

function startDetached(cmd: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...benchEnv }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => void (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => void (out = (out + d.toString()).slice(-20_000)));
  return { child, output: () => out };
}

async function stopGroup(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }, 5000);
  await exited;
  clearTimeout(t);
}

async function waitFor(what: string, ms: number, ok: () => Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---- load loop ------------------------------------------------------------------------------------------------

interface Request {
  path: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}
interface Result {
  label: string;
  concurrency: number;
  count: number;
  seconds: number;
  p50: number;
  p99: number;
  status: Map<number, number>;
  failures: number;
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `concurrency` loops over one keep-alive connection each, until the time or request budget is spent. */
async function load(
  label: string,
  concurrency: number,
  next: (i: number) => Request,
  check: (status: number, body: string, i: number) => void = () => {},
  budget = { seconds: SECONDS, requests: MAX_REQUESTS },
): Promise<Result> {
  const pool = new Pool(ORIGIN, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const status = new Map<number, number>();
  let failures = 0;
  let issued = 0;
  const started = performance.now();
  const stopAt = started + budget.seconds * 1000;
  const worker = async () => {
    while (performance.now() < stopAt && issued < budget.requests) {
      const i = issued++;
      const r = next(i);
      const t0 = performance.now();
      try {
        const res = await pool.request({ path: r.path, method: r.method ?? "GET", headers: r.headers, body: r.body });
        const body = await res.body.text();
        latencies.push(performance.now() - t0);
        status.set(res.statusCode, (status.get(res.statusCode) ?? 0) + 1);
        check(res.statusCode, body, i);
      } catch {
        latencies.push(performance.now() - t0);
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { label, concurrency, count: latencies.length, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), status, failures };
}

const rate = (r: Result) => r.count / r.seconds;
function printRow(r: Result) {
  const codes = [...r.status.entries()].sort(([a], [b]) => a - b).map(([c, n]) => `${c}:${n}`).join(" ");
  const fivexx = [...r.status.entries()].filter(([c]) => c >= 500).reduce((s, [, n]) => s + n, 0);
  console.log(
    `${r.label.padEnd(22)} c=${String(r.concurrency).padEnd(4)} ${rate(r).toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99
      .toFixed(1)
      .padStart(7)} ms  n=${String(r.count).padEnd(6)} 5xx=${fivexx} failed=${r.failures}  [${codes}]`,
  );
}

// ---- sign-up requests -----------------------------------------------------------------------------------------

interface FormInfo {
  hidden: [string, string][];
  actionId: string;
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The server action's hidden fields as the page renders them (React's progressive-enhancement form). */
function formInfo(html: string): FormInfo {
  const hidden: [string, string][] = [];
  for (const m of html.matchAll(/<input type="hidden" name="(\$ACTION_[^"]*)"(?: value="([^"]*)")?\/?>/g)) hidden.push([m[1]!, decode(m[2] ?? "")]);
  const ref = hidden.find(([n]) => /^\$ACTION_\d+:0$/.test(n));
  if (!ref) throw new Error("no server action form on /");
  return { hidden, actionId: (JSON.parse(ref[1]) as { id: string }).id };
}

function multipart(fields: [string, string][]): { body: string; type: string } {
  const boundary = `----bench${randomBytes(8).toString("hex")}`;
  const parts = fields.map(([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

const topicsOf = (html: string) => [...html.matchAll(/name="topics" value="([a-z0-9-]+)"/g)].map((m) => m[1]!);

/** A client address per sign-up, so the per-IP limit (meant for one network) does not turn the crowd away. */
const clientIp = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

// ---- main -----------------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  if (flag("build") || !existsSync(path.join(root, ".next/BUILD_ID"))) {
    step("building (next build)");
    run("node_modules/.bin/next", ["build"]);
  }
  step(`database ${DB_NAME}: migrate, seed topics, ingest the recorded papers`);
  await recreateDatabase();
  await flushPrefix(PREFIX, benchEnv.REDIS_URL);
  const sink = await startCountingSink({ port: SMTP_PORT });
  const web = startDetached("npm", ["start", "--silent", "--", "-p", String(PORT), "-H", "127.0.0.1"]);
  const worker = startDetached(process.execPath, ["--import", "tsx", "test/helpers/run-transactional-worker.ts"]);
  try {
    await waitFor("the web app", 90_000, async () => (await fetch(`${ORIGIN}/papers`)).ok);
    await waitFor("the worker", 60_000, async () => worker.output().includes("transactional worker ready"));
    step(`ready after ${((Date.now() - t0) / 1000).toFixed(0)} s; ${SECONDS} s per step, at most ${MAX_REQUESTS} requests`);

    const home = await (await fetch(`${ORIGIN}/`)).text();
    const papers = await (await fetch(`${ORIGIN}/papers`)).text();
    const asset = home.match(/<script src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    if (!asset) throw new Error("no static script on /");
    const form = formInfo(home);
    const topics = topicsOf(home);
    console.log(`GET / ${home.length} bytes; GET /papers ${papers.length} bytes; static asset ${asset}`);

    const results: Result[] = [];
    for (const c of ONLY === "signups" ? [] : LEVELS) {
      // Warm-up, not counted: connections open, caches filled.
      await load("warm-up", c, () => ({ path: "/" }), undefined, { seconds: 1, requests: c * 4 });
      for (const [label, p] of [["GET static asset", asset], ["GET /", "/"], ["GET /papers", "/papers"]] as const) {
        const r = await load(label, c, () => ({ path: p }));
        printRow(r);
        results.push(r);
      }
      const ratio = rate(results.at(-2)!) / rate(results.at(-3)!);
      console.log(`GET / / static asset at c=${c}: ${(ratio * 100).toFixed(0)}%`);
    }

    // Sign-ups: each with a form stamp issued (with the app's secret) as if the page had been loaded 5 s earlier.
    const accepted = new Set<string>();
    const run = `${Date.now().toString(36)}`;
    let serial = 0;
    const signupRequest = (js: boolean, stamp: string) => {
      const n = serial++;
      const email = `bench-${run}-${n}@example.org`;
      const fields: [string, string][] = [["email", email], ["topics", topics[n % topics.length]!], ["frequency", n % 2 ? "daily" : "weekly"], ["website", ""], ["stamp", stamp]];
      const headers: Record<string, string> = { "x-forwarded-for": clientIp(n + 1), "user-agent": "bench-web" };
      if (js) {
        const state = JSON.parse(form.hidden.find(([k]) => /^\$ACTION_\d+:1$/.test(k))![1]) as unknown[];
        const m = multipart([...form.hidden, ...fields].map(([k, v]) => [`_1_${k}`, v] as [string, string]).concat([["0", JSON.stringify([state[0], "$K1"])]]));
        Object.assign(headers, { "content-type": m.type, "next-action": form.actionId, accept: "text/x-component" });
        return { email, req: { path: "/", method: "POST" as const, headers, body: m.body } };
      }
      const m = multipart([...form.hidden, ...fields]);
      headers["content-type"] = m.type;
      return { email, req: { path: "/", method: "POST" as const, headers, body: m.body } };
    };
    for (const c of ONLY === "pages" ? [] : LEVELS) {
      for (const js of [false, true]) {
        const emails: string[] = [];
        const r = await load(
          js ? "POST sign-up (JS)" : "POST sign-up (form)",
          c,
          (i) => {
            const s = signupRequest(js, issueFormStamp(Date.now() - 5000, benchEnv.APP_SECRET));
            emails[i] = s.email;
            return s.req;
          },
          (status, body, i) => {
            const ok = js ? body.includes('"status":"accepted"') : body.includes("Check your inbox");
            if (status === 200 && ok) accepted.add(emails[i]!);
          },
          { seconds: SECONDS, requests: MAX_SIGNUPS },
        );
        printRow(r);
      }
    }

    step(`waiting for ${accepted.size} confirmation mails in the sink`);
    const deadline = Date.now() + 180_000;
    let missing = [...accepted].filter((e) => !sink.accepted.has(e));
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      missing = missing.filter((e) => !sink.accepted.has(e));
    }
    const extra = [...sink.accepted.entries()].filter(([, n]) => n > 1).length;
    console.log(`sign-ups accepted: ${accepted.size}; confirmation mails in the sink: ${accepted.size - missing.length}; missing: ${missing.length}; addresses mailed twice: ${extra}`);
    if (missing.length > 0 || extra > 0) process.exitCode = 1;
  } finally {
    await Promise.all([stopGroup(web.child), stopGroup(worker.child)]);
    await sink.close();
    await flushPrefix(PREFIX, benchEnv.REDIS_URL);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
