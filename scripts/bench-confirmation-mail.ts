// `npm run bench:mail`: what one confirmation mail costs the transactional worker, against a ceiling measured in the
// same run. N pending sign-ups get their confirmation job; the worker (in this process) sends them to a local SMTP
// sink (also in this process, counting only). The ceiling: as many identical pre-built messages through the same
// SMTP pool to the same sink. Both are CPU of this process per message; their ratio is what holds on another machine.
// Own database (BENCH_DB, default paperboy_bench_mail) and Redis prefix (BENCH_REDIS_PREFIX), recreated every run.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import pg from "pg";
import { printHelpIfAsked } from "@/lib/cli/command-line";
import { startSmtpSink } from "./smtp-sink";

printHelpIfAsked(`usage: npm run bench:mail [-- --mails N]
Sends N confirmation mails (default 3000) through the transactional worker to a local sink and prints the CPU each
took, against the ceiling (the same number of pre-built messages through the same SMTP pool).`);

const i = process.argv.indexOf("--mails");
const N = i > 0 ? Number(process.argv[i + 1]) : 3000;
const root = path.resolve(import.meta.dirname, "..");
const DB_NAME = process.env.BENCH_DB ?? "paperboy_bench_mail";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const sink = await startSmtpSink({ countOnly: true });
Object.assign(process.env, {
  DATABASE_URL,
  REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/0",
  REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX ?? "pb-bench-mail",
  SMTP_URL: sink.url,
  APP_URL: "http://127.0.0.1:3000",
  APP_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
  MAIL_FROM: "Paperboy <digest@paperboy.test>",
  POSTAL_ADDRESS: "Paperboy, 1 Bench Street",
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
});

const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB_NAME}`);
await admin.end();
if (spawnSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env: process.env, stdio: "ignore" }).status !== 0) {
  throw new Error("migrating the bench database failed");
}
const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
const ids = Array.from({ length: N + 1 }, () => randomUUID());
await client.query(
  `INSERT INTO "Subscriber" (id, email, status, "confirmationId", "updatedAt")
   SELECT id, 'reader' || n || '@example.org', 'PENDING', gen_random_uuid(), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
  [ids],
);
await client.end();

const { flushPrefix } = await import("./flush-redis-prefix");
await flushPrefix();
const { startTransactionalWorker } = await import("@/workers/transactional.worker");
const { addTransactionalJob, closeQueues } = await import("@/lib/queue/queues");
const { transactionalPool, closeTransactionalPool } = await import("@/lib/mail/transactional-pool");
const { closeSql } = await import("@/lib/digest/pg-pool");
const { disconnectDb } = await import("@/lib/db");
const worker = await startTransactionalWorker();

const until = async (n: number) => {
  while (sink.acceptedTotal() < n) await new Promise((r) => setTimeout(r, 20));
};
const day = new Date().toISOString().slice(0, 10);
// One mail first, so that what the worker loads and compiles on its first job is not counted.
await addTransactionalJob({ kind: "confirmation", subscriberId: ids[0]! }, day);
await until(1);

let cpu = process.cpuUsage();
let started = Date.now();
for (let k = 1; k <= N; k += 500) await Promise.all(ids.slice(k, k + 500).map((id) => addTransactionalJob({ kind: "confirmation", subscriberId: id }, day)));
await until(N + 1);
const workerCpu = process.cpuUsage(cpu);
const workerWall = Date.now() - started;
await worker.close();

const raw = Buffer.from(`From: digest@paperboy.test\r\nTo: ceiling@example.org\r\nSubject: ceiling\r\n\r\n${"x".repeat(4000)}\r\n`);
const pool = transactionalPool();
cpu = process.cpuUsage();
started = Date.now();
await Promise.all(Array.from({ length: N }, () => pool.send({ from: "bounces@paperboy.test", to: "ceiling@example.org", raw })));
await until(2 * N + 1);
const ceilingCpu = process.cpuUsage(cpu);
const ceilingWall = Date.now() - started;

const ms = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000 / N;
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}, ${N} mails each`);
console.log(`confirmation mails (worker)   CPU ${ms(workerCpu).toFixed(2)} ms a mail   ${Math.round((N / workerWall) * 1000)} mails/s`);
console.log(`ceiling (pre-built, same pool) CPU ${ms(ceilingCpu).toFixed(2)} ms a mail   ${Math.round((N / ceilingWall) * 1000)} mails/s`);
console.log(`worker : ceiling CPU per mail  ${(ms(workerCpu) / ms(ceilingCpu)).toFixed(2)}`);

await closeQueues();
closeTransactionalPool();
await closeSql();
await disconnectDb();
await sink.close();
process.exit(0);
