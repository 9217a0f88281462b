// `npm run bench:digest -- --subscribers N`: a whole digest edition through the real PostgreSQL, Redis and a local
// SMTP sink, with the worker in its own process, then (a) a naive one-at-a-time pipeline on a sample and (b) the
// ceiling (identical pre-built messages through the same SMTP pool to the same sink), all measured the same way.
// Uses its own database (BENCH_DB) and Redis prefix (BENCH_REDIS_PREFIX); recreates both on every run.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startSmtpSink } from "./smtp-sink";
import { flushPrefix } from "./flush-redis-prefix";
import { seededRandom } from "./bench/seeded-random";
import { printHelpIfAsked } from "@/lib/cli/command-line";
import { QUEUE } from "@/lib/queue/queues";

printHelpIfAsked(`usage: npm run bench:digest [-- --subscribers N] [--naive-sample N] [--ceiling-messages N] [--pool N] [--seed N]

Measures a whole digest edition through the real PostgreSQL, Redis and a local SMTP sink, with the worker in its
own process, then a naive one-at-a-time pipeline on a sample and the ceiling (identical pre-built messages through
the same SMTP pool), all measured the same way. Uses its own database (BENCH_DB, default paperboy_bench_digest) and
Redis prefix (BENCH_REDIS_PREFIX, default pb-bench), recreated on every run. Defaults: 100,000 subscribers, naive sample 2,000, ceiling 20,000
messages, pool 8, seed 42.`);

const root = path.resolve(import.meta.dirname, "..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("subscribers", 100_000);
const NAIVE = arg("naive-sample", 2_000);
const CEILING = arg("ceiling-messages", 20_000);
const POOL = arg("pool", 8);
const SEED = arg("seed", 42);
const DATE = "2025-03-14";
const DB_NAME = process.env.BENCH_DB ?? "paperboy_bench_digest";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/0";
const PREFIX = process.env.BENCH_REDIS_PREFIX ?? "pb-bench";


async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const r = spawnSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL },
    stdio: "ignore",
  });
  if (r.status !== 0) throw new Error("migrating the bench database failed");
}

async function seed(client: pg.Client) {
  const random = seededRandom(SEED);
  const topics: { id: number }[] = [];
  const { TAXONOMY } = await import("../lib/topics/taxonomy");
  for (const [i, t] of TAXONOMY.entries()) {
    const r = await client.query<{ id: number }>(
      `INSERT INTO "Topic" (slug, name, description, keywords, "arxivCategories", position, "updatedAt") VALUES ($1,$2,$3,$4,$5,$6,now()) RETURNING id`,
      [t.slug, t.name, t.description, t.keywords, t.arxivCategories, i],
    );
    topics.push(r.rows[0]!);
  }
  // A Daily Papers day: 60 papers, each in one or two topics, with realistic abstracts (~1,200 characters).
  const abstract = "We propose a method that improves reasoning and efficiency of large models across benchmarks. ".repeat(13);
  const papers = Array.from({ length: 60 }, (_, i) => ({
    id: `2503.${String(20000 + i)}`,
    title: `Paper ${i}: scaling $\\alpha$-efficient training of language models with ${i} tricks`,
    summary: abstract,
    score: Math.round(1000 * random()),
    upvotes: Math.round(200 * random()),
    topics: [...new Set([Math.floor(random() * topics.length), ...(random() < 0.5 ? [Math.floor(random() * topics.length)] : [])])],
  }));
  await client.query(
    `INSERT INTO "Paper" (id, title, summary, authors, "dailyDate", "trendingScore", upvotes, source, "aiKeywords", "arxivCategories", "updatedAt")
     SELECT p.id, p.title, p.summary, ARRAY['Ada Lovelace','Alan Turing','Grace Hopper','Edsger Dijkstra'], $2::date, p.score, p.upvotes, 'bench', '{}', '{}', now()
       FROM jsonb_to_recordset($1::jsonb) AS p(id text, title text, summary text, score float8, upvotes int)`,
    [JSON.stringify(papers), DATE],
  );
  await client.query(
    `INSERT INTO "PaperTopic" ("paperId", "topicId", reason) SELECT x.p, x.t, x.r FROM jsonb_to_recordset($1::jsonb) AS x(p text, t int, r text)`,
    [JSON.stringify(papers.flatMap((p) => p.topics.map((t) => ({ p: p.id, t: topics[t]!.id, r: "matched a keyword of this topic" }))))],
  );
  // Subscribers pick 1-3 topics; popular topics are picked more often (weights fall off like 1/rank).
  const weights = topics.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = random() * total;
    for (const [i, w] of weights.entries()) if ((x -= w) <= 0) return i;
    return topics.length - 1;
  };
  for (let start = 0; start < N; start += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, N - start) }, (_, k) => {
      const i = start + k;
      const count = 1 + Math.floor(random() * 3);
      const chosen = new Set<number>();
      while (chosen.size < count) chosen.add(pick());
      return { email: `reader${i}@bench.example.org`, topics: [...chosen].map((t) => topics[t]!.id) };
    });
    await client.query(
      `WITH s AS (
         INSERT INTO "Subscriber" (id, email, status, "confirmedAt", "updatedAt")
         SELECT gen_random_uuid(), r.email, 'ACTIVE', now(), now() FROM jsonb_to_recordset($1::jsonb) AS r(email text)
         RETURNING id, email)
       INSERT INTO "SubscriberTopic" ("subscriberId", "topicId")
       SELECT s.id, t::int FROM s JOIN jsonb_to_recordset($1::jsonb) AS r(email text, topics jsonb) ON r.email = s.email,
            jsonb_array_elements_text(r.topics) AS t`,
      [JSON.stringify(batch)],
    );
  }
}

function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    APP_URL: "https://paperboy.example.org",
    APP_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
    MAIL_FROM: "Paperboy <digest@paperboy.example.org>",
    POSTAL_ADDRESS: "Paperboy, 1 Example Street, 12345 Exampleton",
    LOG_LEVEL: "warn",
    SMTP_POOL_SIZE: String(POOL),
    SMTP_RATE_PER_SECOND: "0",
    DKIM_DOMAIN: "",
    DKIM_SELECTOR: "",
    DKIM_PRIVATE_KEY: "",
  };
}

function runChild(mode: string, args: string[], smtpUrl: string, onReady?: (pid: number) => void) {
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", path.join(root, "scripts/bench-digest-worker.ts"), mode, ...args], {
    cwd: root,
    env: { ...childEnv(), SMTP_URL: smtpUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("ready\n")) resolve();
    });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${mode} exited with ${code}`))));
  });
  const done = new Promise<string>((resolve, reject) =>
    child.once("exit", (code) => (code === 0 || code === null ? resolve(out) : reject(new Error(`${mode} exited with ${code}`)))),
  );
  ready.then(
    () => onReady?.(child.pid!),
    () => undefined, // `ready` is awaited by the caller, which reports its failure
  );
  return { child, ready, done };
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of every PostgreSQL process (backends, WAL writer, autovacuum...): the machine runs nothing else. */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function peakRssKb(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
}

async function main() {
  const mib = (kb: number) => (kb / 1024).toFixed(0);
  console.log(`bench:digest: ${N.toLocaleString("en")} subscribers, SMTP pool ${POOL}, seed ${SEED}, ${(await import("node:os")).cpus().length} CPUs`);
  const tSetup = performance.now();
  await recreateDatabase();
  await flushPrefix(PREFIX, REDIS_URL);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await seed(client);
  await client.query("ANALYZE");
  console.log(`setup: database, 60 papers and ${N.toLocaleString("en")} subscribers in ${((performance.now() - tSetup) / 1000).toFixed(1)} s`);

  const sink = await startSmtpSink({ countOnly: true });
  // --- the real pipeline --------------------------------------------------------------------------------------
  const worker = runChild("worker", [], sink.url);
  await worker.ready;
  const { Queue } = await import("bullmq");
  const editionQueue = new Queue(QUEUE.edition, { connection: { url: REDIS_URL } as never, prefix: PREFIX });
  const t0 = performance.now();
  const [pgCpu0, sinkCpu0] = [postgresCpuSeconds(), ownCpuSeconds()];
  await editionQueue.add("edition", { date: DATE, frequency: "DAILY" }, { jobId: `edition-DAILY-${DATE}` });
  let edition: { id: string; status: string; fannedOutAt: Date | null } | undefined;
  let fanOutSeconds = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    edition = (await client.query(`SELECT id, status::text, "fannedOutAt" FROM "Edition" WHERE date = $1`, [DATE])).rows[0];
    if (edition?.fannedOutAt && !fanOutSeconds) fanOutSeconds = (performance.now() - t0) / 1000;
    if (edition?.status === "DONE") break;
    if (performance.now() - t0 > 30 * 60_000) throw new Error("edition did not finish in 30 minutes");
  }
  const seconds = (performance.now() - t0) / 1000;
  // The sink runs in this process; the polling above costs next to nothing next to receiving the messages.
  const [pgCpu, sinkCpu] = [postgresCpuSeconds() - pgCpu0, ownCpuSeconds() - sinkCpu0];
  const workerRss = peakRssKb(worker.child.pid!);
  const workerCpu = cpuSeconds(worker.child.pid!);
  worker.child.kill("SIGTERM");
  await worker.done.catch(() => undefined);
  await editionQueue.close();

  const counts = Object.fromEntries(
    (await client.query<{ status: string; n: string }>(`SELECT status::text, count(*) AS n FROM "Delivery" GROUP BY 1`)).rows.map((r) => [r.status, Number(r.n)]),
  );
  const groups = Number((await client.query(`SELECT count(DISTINCT "contentKey") AS n FROM "Delivery"`)).rows[0].n);
  const sent = counts.SENT ?? 0;
  const accepted = sink.acceptedTotal();
  const doubles = [...sink.accepted.values()].filter((n) => n > 1).length;
  const rate = sent / seconds;

  // The edition left dead row versions (one per update of a delivery): clean them now, not under the comparisons.
  await client.query(`VACUUM ANALYZE "Delivery"`);

  // --- (a) naive, one subscriber at a time --------------------------------------------------------------------
  const naive = runChild("naive", [edition!.id, String(NAIVE)], sink.url);
  const naiveResult = JSON.parse(/RESULT (.*)/.exec(await naive.done)![1]!) as { messages: number; seconds: number; peakRssKb: number };
  const naiveRate = naiveResult.messages / naiveResult.seconds;

  // --- (b) ceiling: identical pre-built messages, same pool, same sink ----------------------------------------
  const ceilSink0 = ownCpuSeconds();
  const ceil = runChild("ceiling", [edition!.id, String(CEILING)], sink.url);
  const ceilResult = JSON.parse(/RESULT (.*)/.exec(await ceil.done)![1]!) as {
    messages: number;
    seconds: number;
    bytes: number;
    cpuSeconds: number;
    peakRssKb: number;
  };
  const ceilSinkCpu = ownCpuSeconds() - ceilSink0;
  const ceilRate = ceilResult.messages / ceilResult.seconds;
  // For reference only: the same messages through nodemailer's pooled transport, which the digest does not use
  // (see lib/mail/smtp-pool.ts for why).
  const ref = runChild("nodemailer-pool", [edition!.id, String(Math.min(CEILING, 5000))], sink.url);
  const refResult = JSON.parse(/RESULT (.*)/.exec(await ref.done)![1]!) as { messages: number; seconds: number; cpuSeconds: number };
  const refRate = refResult.messages / refResult.seconds;
  await sink.close();
  await client.end();

  const ok = (b: boolean) => (b ? "PASS" : "FAIL");
  console.log("");
  console.log(`edition:      ${N.toLocaleString("en")} subscribers -> ${sent.toLocaleString("en")} SENT, ${(counts.SKIPPED ?? 0).toLocaleString("en")} SKIPPED (nothing new), ${JSON.stringify(counts)}`);
  console.log(`              ${groups.toLocaleString("en")} distinct paper lists (shared renders); sink accepted ${accepted.toLocaleString("en")}, addresses with 2+ messages: ${doubles}`);
  console.log(`end to end:   ${seconds.toFixed(1)} s (fan-out done after ${fanOutSeconds.toFixed(1)} s) = ${rate.toFixed(0)} digests/s`);
  console.log(`worker:       peak RSS ${mib(workerRss)} MiB, ${workerCpu.toFixed(1)} s CPU (${((1000 * workerCpu) / Math.max(sent, 1)).toFixed(2)} ms per digest)`);
  const perMsg = (cpuSeconds: number, messages: number) => `${((1000 * cpuSeconds) / Math.max(messages, 1)).toFixed(2)} ms`;
  console.log(`CPU per digest: worker ${perMsg(workerCpu, sent)}, PostgreSQL ${perMsg(pgCpu, sent)}, SMTP sink ${perMsg(sinkCpu, sent)}`);
  console.log(`(a) naive:    ${naiveResult.messages} digests in ${naiveResult.seconds.toFixed(1)} s = ${naiveRate.toFixed(1)} digests/s (render HTML+text and nodemailer per subscriber, peak RSS ${mib(naiveResult.peakRssKb)} MiB)`);
  console.log(`(b) ceiling:  ${ceilResult.messages} identical pre-built messages (${(ceilResult.bytes / 1024).toFixed(0)} KB) in ${ceilResult.seconds.toFixed(1)} s = ${ceilRate.toFixed(0)} msg/s through the same pool of ${POOL}`);
  console.log(`CPU per message of the ceiling: sender ${perMsg(ceilResult.cpuSeconds, ceilResult.messages)}, SMTP sink ${perMsg(ceilSinkCpu, ceilResult.messages)}`);
  console.log(`(reference)   the same messages through nodemailer's pooled transport: ${refResult.messages} in ${refResult.seconds.toFixed(1)} s = ${refRate.toFixed(0)} msg/s, sender ${perMsg(refResult.cpuSeconds, refResult.messages)} CPU per message`);
  console.log("");
  console.log(`targets:`);
  console.log(`  100k-equivalent time < 180 s: ${(N / rate).toFixed(0)} s for ${N.toLocaleString("en")} ${ok(N / rate < 180 && N >= 100_000)}${N < 100_000 ? " (run with --subscribers 100000)" : ""}`);
  console.log(`  >= 12x naive:                 ${(rate / naiveRate).toFixed(1)}x ${ok(rate / naiveRate >= 12)}`);
  console.log(`  >= 60% of ceiling:            ${((100 * rate) / ceilRate).toFixed(0)}% ${ok(rate / ceilRate >= 0.6)}`);
  console.log(`  worker < 1 GiB RSS:           ${mib(workerRss)} MiB ${ok(workerRss < 1024 * 1024)}`);
  console.log(`  exactly once:                 ${accepted === sent && doubles === 0 ? "every SENT delivery accepted once, none twice" : "MISMATCH"} ${ok(accepted === sent && doubles === 0)}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
