// `npm run bench:web`: the production build (`npm run build` first) under load, on its own database (BENCH_DB) and
// Redis prefix (BENCH_REDIS_PREFIX), with the transactional worker and a local SMTP sink (BENCH_PORT + 1 unless
// BENCH_SMTP_PORT). For GET /, GET /papers, a static asset of the same server (the ceiling) and sign-ups (the page,
// then its form with a distinct address and a distinct X-Forwarded-For: posted as the browser does without
// JavaScript, and as React's client calls the server action with it), at 16, 64 and 256 concurrent
// (BENCH_CONCURRENCY), BENCH_SECONDS each: requests/s, p50, p99 and error counts, the ratio of GET / to the static
// asset, whether every accepted sign-up's confirmation reached the sink, and the CPU a sign-up costs the web server
// and PostgreSQL, and a confirmation mail the worker (from /proc). Figures go to docs/benchmarks.md.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startSmtpSink } from "./smtp-sink";
import { flushPrefix } from "./flush-redis-prefix";

const root = path.resolve(import.meta.dirname, "..");
const DB_NAME = process.env.BENCH_DB ?? "paperboy_bench_web";
const PORT = Number(process.env.BENCH_PORT ?? 4210);
const PREFIX = process.env.BENCH_REDIS_PREFIX ?? "pb-bench-web";
const SMTP_PORT = Number(process.env.BENCH_SMTP_PORT ?? PORT + 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? "16,64,256").split(",").map(Number);
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const base = `http://127.0.0.1:${PORT}`;
const env: Record<string, string> = {
  DATABASE_URL, REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/0", REDIS_PREFIX: PREFIX,
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`, APP_URL: base, APP_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
  MAIL_FROM: "Paperboy <digest@paperboy.test>", POSTAL_ADDRESS: "Paperboy, 1 Bench Street, 00000 Benchville",
  LOG_LEVEL: "warn", LOG_FORMAT: "json", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1",
  // Many sign-ups from one bench: the abuse limits are not what is measured here.
  RATE_LIMIT_PER_IP_PER_HOUR: "1000000", RATE_LIMIT_PER_ADDRESS_PER_HOUR: "1000000", SIGNUP_MIN_FILL_MS: "0",
};
Object.assign(process.env, env);

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const r = spawnSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env: { ...process.env }, stdio: "ignore" });
  if (r.status !== 0) throw new Error("migrating the bench database failed");
  const { createDb } = await import("@/lib/db");
  const { seedTopics } = await import("@/lib/topics/seed-topics");
  const { runIngest } = await import("@/lib/papers/run-ingest");
  const db = createDb(DATABASE_URL);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  await db.$disconnect();
}

function start(args: string[], ready: (out: string) => boolean | Promise<boolean>): Promise<ChildProcess> {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), args, { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => void (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => void (out += d.toString()));
  return (async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args[0]} exited:\n${out}`);
      if (await ready(out)) return child;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
}

/** CPU seconds (user + system) of a process and all its descendants, from /proc. */
function cpuOfTree(pid: number): number {
  let total = 0;
  const pending = [pid];
  while (pending.length) {
    const p = pending.pop()!;
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        pending.push(...readFileSync(`/proc/${p}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** CPU seconds of the PostgreSQL backends serving the bench database (those alive now). */
async function cpuOfDatabase(): Promise<number> {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [DB_NAME]);
  await admin.end();
  return rows.reduce((sum, r) => sum + cpuOfTree(r.pid), 0);
}

function stop(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}

interface Result { done: number; errors: Map<string, number>; latencies: number[]; seconds: number }

/** `concurrency` loops, each sending one request after the other, for SECONDS. */
async function load(concurrency: number, request: (i: number) => Promise<string | undefined>): Promise<Result> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let n = 0;
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const error = await request(n++).catch((e: unknown) => String(e));
      latencies.push(performance.now() - t);
      if (error) errors.set(error, (errors.get(error) ?? 0) + 1);
    }
  }));
  return { done: latencies.length, errors, latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
const line = (name: string, c: number, r: Result) =>
  `${name.padEnd(26)} ${String(c).padStart(4)}  ${(r.done / r.seconds).toFixed(0).padStart(7)} req/s  p50 ${pct(r.latencies, 50).toFixed(0).padStart(5)} ms  p99 ${pct(r.latencies, 99).toFixed(0).padStart(5)} ms  errors ${[...r.errors].map(([k, v]) => `${k}:${v}`).join(",") || 0}`;

async function get(url: string): Promise<string | undefined> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status === 200 ? undefined : `HTTP ${res.status}`;
}

const accepted: string[] = [];
let runId = 0;
const RUN = Date.now().toString(36);

/** The page a person loads before signing up, and its form's hidden fields (action reference and stamp). */
async function formOfPage(): Promise<[string, string][]> {
  const page = await (await fetch(`${base}/`)).text();
  const fields: [string, string][] = [];
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields.push([m[1]!, (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&")]);
  }
  return fields;
}

const person = (i: number) => ({ email: `bench-${RUN}-${runId}-${i}@example.org`, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
const CHOICES: [string, string][] = [["topics", "vision"], ["frequency", "daily"], ["website", ""]];

/** Without JavaScript: the page, then its form as the browser posts it, then the page the answer redirects to. */
async function signUpWithoutScript(i: number): Promise<string | undefined> {
  const form = new FormData();
  const { email, ip } = person(i);
  for (const [k, v] of [...(await formOfPage()), ["email", email], ...CHOICES]) form.append(k!, v!);
  const res = await fetch(`${base}/`, { method: "POST", body: form, headers: { origin: base, "x-forwarded-for": ip } });
  const body = await res.text();
  if (res.status !== 200) return `HTTP ${res.status}`;
  if (!body.includes("Check your inbox")) return "not accepted";
  accepted.push(email);
  return undefined;
}

/**
 * With JavaScript: the page, then the server action as React's client calls it (the action id from the page, the
 * previous state and the form encoded as React encodes a reply, `Next-Action` header).
 */
async function signUpWithScript(i: number): Promise<string | undefined> {
  const fields = await formOfPage();
  const ref = fields.find(([k]) => /^\$ACTION_\d+:0$/.test(k));
  const initial = fields.find(([k]) => /^\$ACTION_\d+:1$/.test(k));
  if (!ref || !initial) return "no action on the page";
  const { id } = JSON.parse(ref[1]) as { id: string };
  const [previous] = JSON.parse(initial[1]) as [unknown];
  const { email, ip } = person(i);
  const form = new FormData();
  for (const [k, v] of [...fields, ["email", email], ...CHOICES]) form.append(`_1_${k}`, v!);
  form.append("0", JSON.stringify([previous, "$K1"]));
  const res = await fetch(`${base}/`, { method: "POST", body: form, headers: { origin: base, "x-forwarded-for": ip, "next-action": id, accept: "text/x-component" } });
  const body = await res.text();
  if (res.status !== 200) return `HTTP ${res.status}`;
  if (!body.includes('"status":"accepted"')) return "not accepted";
  accepted.push(email);
  return undefined;
}

await recreateDatabase();
// A run before this one left its once-a-day confirmation slots and limits under the prefix: a sign-up of the same
// address would then be accepted without a mail, as it must be, and the count below would be wrong.
await flushPrefix(PREFIX, env.REDIS_URL);
const sink = await startSmtpSink({ port: SMTP_PORT, countOnly: true });
const [web, worker] = await Promise.all([
  // BENCH_PROFILE_DIR: the web server writes a CPU profile (node --cpu-prof) there when it stops.
  start([...(process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), "scripts/web-server.ts", "-p", String(PORT), "-H", "127.0.0.1"], () => fetch(`${base}/goodbye`).then((r) => r.ok, () => false)),
  start(["test/helpers/run-transactional-worker.ts"], (o) => o.includes("transactional worker ready")),
]);
const signupCpu: { c: number; web: number; db: number; signups: number }[] = [];
// What the worker used to start (compiling and loading its modules) is not a mail's.
const workerAtStart = cpuOfTree(worker.pid!);
try {
  // The smallest script of the build: the ceiling is the server's cost of a request, not of the bytes.
  const chunks = path.join(root, ".next/static/chunks");
  const asset = readdirSync(chunks).filter((f) => f.endsWith(".js")).sort((a, b) => statSync(path.join(chunks, a)).size - statSync(path.join(chunks, b)).size)[0];
  const size = async (url: string) => `${((await (await fetch(url)).arrayBuffer()).byteLength / 1024).toFixed(1)} KB`;
  console.log(`sizes: / ${await size(`${base}/`)}, /papers ${await size(`${base}/papers`)}, static asset ${await size(`${base}/_next/static/chunks/${asset}`)}`);
  console.log(`load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}, ${SECONDS} s a run, PAGE_CACHE_TTL_MS ${process.env.PAGE_CACHE_TTL_MS ?? "default"}`);
  for (const c of LEVELS) {
    const home = await load(c, () => get(`${base}/`));
    const papers = await load(c, () => get(`${base}/papers`));
    const stat = await load(c, () => get(`${base}/_next/static/chunks/${asset}`));
    runId = c;
    const before = { web: cpuOfTree(web.pid!), db: await cpuOfDatabase(), accepted: accepted.length };
    const signups = await load(c, signUpWithoutScript);
    runId = c + 1;
    const scripted = await load(c, signUpWithScript);
    const after = { web: cpuOfTree(web.pid!), db: await cpuOfDatabase(), accepted: accepted.length };
    signupCpu.push({ c, web: after.web - before.web, db: after.db - before.db, signups: after.accepted - before.accepted });
    console.log(line("GET /", c, home));
    console.log(line("GET /papers", c, papers));
    console.log(line("GET static asset", c, stat));
    console.log(line("sign-up (no JS)", c, signups));
    console.log(line("sign-up (JS action)", c, scripted));
    console.log(`${"GET / : static asset".padEnd(26)} ${String(c).padStart(4)}  ${((home.done / home.seconds / (stat.done / stat.seconds)) * 100).toFixed(0)}%`);
  }
  const deadline = Date.now() + 120_000;
  const received = () => new Set(sink.accepted.keys());
  while (Date.now() < deadline && accepted.some((e) => !received().has(e))) await new Promise((r) => setTimeout(r, 500));
  const missing = accepted.filter((e) => !received().has(e));
  // The worker sends the confirmations after the sign-ups that queued them, so its CPU is counted over the whole run.
  for (const x of signupCpu) {
    console.log(`${"CPU per sign-up".padEnd(26)} ${String(x.c).padStart(4)}  web ${((x.web / x.signups) * 1000).toFixed(1)} ms (with its GET /), PostgreSQL ${((x.db / x.signups) * 1000).toFixed(1)} ms, over ${x.signups} accepted`);
  }
  console.log(`${"CPU per confirmation mail".padEnd(31)} worker ${(((cpuOfTree(worker.pid!) - workerAtStart) / Math.max(1, received().size)) * 1000).toFixed(1)} ms (its CPU after start over ${received().size} mails)`);
  console.log(`accepted sign-ups ${accepted.length}, confirmation mails missing from the sink: ${missing.length}`);
  console.log(`load average at the end ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  process.exitCode = missing.length ? 1 : 0;
} finally {
  if (process.env.BENCH_PROFILE_DIR && web.pid) {
    // One SIGTERM to tsx, which passes it on: a second one, to the whole group, would end the server before it
    // writes its profile.
    const exited = new Promise((r) => web.once("exit", r));
    process.kill(web.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
  }
  stop(web);
  stop(worker);
  await sink.close();
}
process.exit();
