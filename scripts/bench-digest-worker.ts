// Child processes of the digest benchmark (scripts/bench-digest.ts), one mode each, so that every pipeline is
// measured the same way: its own process, the same PostgreSQL, Redis, SMTP sink and pool size.
//   worker   the real digest workers (what `npm run worker` runs for the digest)
//   naive    one subscriber at a time: read, React Email render (HTML + text), nodemailer's pooled transport
//   ceiling  one pre-built message sent over and over through the digest's SMTP pool
//   nodemailer-pool  the same through nodemailer's pooled transport (reference only)
import { createElement } from "react";
import { render } from "@react-email/render";
import pg from "pg";
import DailyDigest from "@/emails/daily-digest";
import { env } from "@/lib/env";
import { createTransport } from "./bench/nodemailer-transport";
import { links } from "@/lib/tokens/tokens";
import { digestProps, PaperCache, buildContentTemplate, type ContentInput } from "@/lib/digest/digest-content";
import { fillMimeTemplate } from "@/lib/digest/mime-template";
import { createSmtpPool, senderSettings } from "@/lib/digest/runtime";
import { createSql } from "@/lib/digest/pg-pool";
import { startDigestWorkers } from "@/workers/digest";
import { closeWorkers } from "@/lib/queue/create-worker";

const mode = process.argv[2];

interface DeliveryRow extends ContentInput {
  subscriberId: string;
  email: string;
}

async function sample(sql: pg.Pool, editionId: string, limit: number, { typical = false } = {}): Promise<DeliveryRow[]> {
  const r = await sql.query<DeliveryRow>(
    `SELECT d.id, d."editionId", to_char(e.date, 'YYYY-MM-DD') AS date, e.frequency::text AS frequency, d."paperIds", d.reasons,
            d."alsoTrendingIds", d."contentKey", d."subscriberId", s.email
       FROM "Delivery" d JOIN "Edition" e ON e.id = d."editionId" JOIN "Subscriber" s ON s.id = d."subscriberId"
      WHERE d."editionId" = $1 AND d."contentKey" IS NOT NULL
        ${typical ? `AND d."contentKey" = (SELECT "contentKey" FROM "Delivery" WHERE "editionId" = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)` : ""}
      ORDER BY d.id LIMIT $2`,
    [editionId, limit],
  );
  return r.rows;
}

async function naive(editionId: string, count: number) {
  const sql = createSql(env().DATABASE_URL, 2);
  const rows = await sample(sql, editionId, count);
  const transport = createTransport();
  const settings = senderSettings();
  const t0 = performance.now();
  for (const row of rows) {
    // No sharing, no caches: the papers are read and the digest rendered for every subscriber.
    const papers = await new PaperCache(sql).get([...row.paperIds, ...row.alsoTrendingIds]);
    const props = digestProps(row, papers, settings, {
      manageUrl: links.manage(row.subscriberId),
      unsubscribeUrl: links.unsubscribe(row.subscriberId, row.editionId),
      feedbackBase: (paperId) => links.feedback(row.subscriberId, row.editionId, paperId),
    });
    const el = createElement(DailyDigest, props);
    const html = await render(el);
    const text = await render(el, { plainText: true });
    await transport.sendMail({
      from: settings.from,
      to: row.email,
      subject: "digest",
      html,
      text,
      headers: { "List-Unsubscribe": `<${props.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  await sql.end();
  return { messages: rows.length, seconds };
}

/** The message most subscribers of the edition got (the largest content group), pre-built: runs compare. */
async function typicalMessage(editionId: string): Promise<Buffer> {
  const sql = createSql(env().DATABASE_URL, 2);
  try {
    const [row] = await sample(sql, editionId, 1, { typical: true });
    if (!row) throw new Error("no delivery to copy");
    const papers = await new PaperCache(sql).get([...row.paperIds, ...row.alsoTrendingIds]);
    const t = await buildContentTemplate(row, papers, senderSettings());
    return fillMimeTemplate(t, {
      to: row.email,
      messageId: `<ceiling@bench>`,
      manageUrl: links.manage(row.subscriberId),
      unsubscribeUrl: links.unsubscribe(row.subscriberId, row.editionId),
      feedbackUrls: t.feedbackPaperIds.map((paperId) => links.feedback(row.subscriberId, row.editionId, paperId)),
    });
  } finally {
    await sql.end();
  }
}

/** Sends `count` copies at once through `send`; counts the accepted ones and the CPU this process spent. */
async function pushCopies(raw: Buffer, count: number, send: () => Promise<boolean>) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const accepted = (await Promise.all(Array.from({ length: count }, send))).filter(Boolean).length;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { messages: accepted, seconds, bytes: raw.length, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function ceiling(editionId: string, count: number) {
  const raw = await typicalMessage(editionId);
  const pool = createSmtpPool();
  const from = senderSettings().envelopeFrom;
  const result = await pushCopies(raw, count, async () => (await pool.send({ from, to: "ceiling@bench.invalid", raw })).kind === "accepted");
  pool.close();
  return result;
}

/** The same pre-built messages through nodemailer's own pooled transport (the one the issue names), for reference. */
async function nodemailerPool(editionId: string, count: number) {
  const raw = await typicalMessage(editionId);
  const transport = createTransport();
  const from = senderSettings().envelopeFrom;
  const result = await pushCopies(raw, count, () =>
    transport.sendMail({ envelope: { from, to: ["ceiling@bench.invalid"] }, raw }).then(
      () => true,
      () => false,
    ),
  );
  transport.close();
  return result;
}

async function main() {
  if (mode === "worker") {
    await startDigestWorkers({ schedulers: false, concurrency: Number(process.env.BENCH_JOB_CONCURRENCY ?? 4) });
    process.on("SIGTERM", () => {
      closeWorkers().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    process.stdout.write("ready\n");
    return;
  }
  const [editionId, count] = [process.argv[3]!, Number(process.argv[4])];
  const result =
    mode === "naive" ? await naive(editionId, count) : mode === "nodemailer-pool" ? await nodemailerPool(editionId, count) : await ceiling(editionId, count);
  const rss = /VmHWM:\s+(\d+) kB/.exec(await import("node:fs").then((fs) => fs.readFileSync("/proc/self/status", "utf8")))?.[1];
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, peakRssKb: Number(rss) })}\n`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
