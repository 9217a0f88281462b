// The console's sign-in path against real PostgreSQL, Redis, BullMQ and SMTP: the request enqueues a job carrying
// the sign-in's id only, the transactional worker mails the link once (a replayed job sends nothing more), the link
// is refused 15 minutes on (injected clock) and after its first use, requests over the limit change nothing, and
// `npm run admin` prints a link only for an operator's address.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { closeTransactionalPool } from "@/lib/mail/transactional-pool";
import { addAdminSignInJob, closeQueues, queue, QUEUE } from "@/lib/queue/queues";
import { disconnectDb } from "@/lib/db";
import { disconnectRedis, redis } from "@/lib/redis";
import { completeSignIn, requestSignIn, SIGN_IN_LIMIT_PER_ADDRESS, SIGN_IN_RESPONSE_FLOOR_MS, SIGN_IN_TTL_MS } from "@/lib/admin/sign-in";
import { sendSignInMail } from "@/lib/admin/send-sign-in-mail";
import { operatorOf } from "@/lib/admin/session";
import { revokeSession } from "@/lib/admin/admin-store";
import { startTransactionalWorker } from "@/workers/transactional.worker";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { waitForQueueIdle } from "../helpers/queue-state";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { linkInText } from "../helpers/mail-links";

const OPERATOR = "ops@paperboy.test";
const client = { ip: "192.0.2.10", userAgent: "test" };
let sink: SmtpSink;
let worker: Worker;
const saved = { SMTP_URL: process.env.SMTP_URL, ADMIN_EMAILS: process.env.ADMIN_EMAILS };

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.ADMIN_EMAILS = OPERATOR;
  resetEnvCache();
  closeTransactionalPool();
  worker = await startTransactionalWorker();
});

beforeEach(async () => {
  await resetDb(testDb());
  await flushPrefix();
  sink.mails.length = 0;
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  closeTransactionalPool();
  await disconnectRedis();
  await disconnectDb();
  await closeTestDb();
  await sink.close();
  Object.assign(process.env, saved);
  resetEnvCache();
  await flushPrefix();
});

const deps = () => ({ db: testDb(), redis: redis(), enqueue: (signInId: string) => addAdminSignInJob({ signInId }) });

describe("operator sign-in", () => {
  it("mails the operator a link whose job carries the id only, once even when the job runs again", async () => {
    // Both answers take at least the floor (a busy machine only makes them later), so timing tells nothing.
    for (const address of ["OPS@paperboy.test", "someone@paperboy.test", "not an address"]) {
      const started = Date.now();
      await requestSignIn(address, client, deps());
      expect(Date.now() - started).toBeGreaterThanOrEqual(SIGN_IN_RESPONSE_FLOOR_MS);
    }
    await sink.waitFor(() => sink.mailsTo(OPERATOR).length === 1);
    const counts = await waitForQueueIdle(queue(QUEUE.transactional));
    expect(counts.completed).toBe(1);
    const [job] = await queue(QUEUE.transactional).getJobs(["completed"]);
    expect(job!.name).toBe("admin-sign-in");
    expect(Object.keys(job!.data)).toEqual(["signInId"]);
    expect(JSON.stringify(job!.data)).not.toContain("@");
    // A replay of the job (Redis lost its completion) finds the row mailed and sends nothing.
    expect(await sendSignInMail(job!.data.signInId)).toBe("skipped");
    expect(sink.mails).toHaveLength(1);
    expect(await testDb().adminSignIn.count()).toBe(1);

    const token = linkInText(sink.mails[0]!, "admin/sign-in/link").split("/").at(-1)!;
    const first = await completeSignIn(testDb(), token, client);
    expect(first?.operator.email).toBe(OPERATOR);
    expect(await completeSignIn(testDb(), token, client)).toBeNull();
    const cookie = first!.cookie.split(";")[0]!.split("=")[1]!;
    expect(await operatorOf(testDb(), cookie)).not.toBeNull();
    await revokeSession(testDb(), first!.operator.sessionId, new Date());
    expect(await operatorOf(testDb(), cookie)).toBeNull();
  });

  it("refuses the link once 15 minutes have passed", async () => {
    await requestSignIn(OPERATOR, client, deps());
    await sink.waitFor(() => sink.mails.length === 1);
    const token = linkInText(sink.mails[0]!, "admin/sign-in/link").split("/").at(-1)!;
    expect(await completeSignIn(testDb(), token, client, new Date(Date.now() + SIGN_IN_TTL_MS + 1000))).toBeNull();
    expect(await testDb().adminSession.count()).toBe(0);
    // Still usable inside the window: the refusal above was the clock's.
    expect(await completeSignIn(testDb(), token, client, new Date(Date.now() + SIGN_IN_TTL_MS - 60_000))).not.toBeNull();
  });

  it("stops making links for an address over its limit", async () => {
    for (let i = 0; i < SIGN_IN_LIMIT_PER_ADDRESS + 2; i++) await requestSignIn(OPERATOR, { ...client, ip: `192.0.2.${20 + i}` }, { ...deps(), responseFloorMs: 0 });
    await waitForQueueIdle(queue(QUEUE.transactional));
    expect(await testDb().adminSignIn.count()).toBe(SIGN_IN_LIMIT_PER_ADDRESS);
    expect(sink.mailsTo(OPERATOR)).toHaveLength(SIGN_IN_LIMIT_PER_ADDRESS);
  });

  it("npm run admin prints a link for an operator and refuses anyone else", async () => {
    const run = promisify(execFile);
    const env = { ...process.env, ADMIN_EMAILS: OPERATOR, LOG_LEVEL: "silent" };
    const ok = await run("node_modules/.bin/tsx", ["scripts/admin.ts", "--email", "Ops@paperboy.test"], { env });
    expect(ok.stdout.trim()).toMatch(new RegExp(`^${process.env.APP_URL}/admin/sign-in/link/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    const refused = await run("node_modules/.bin/tsx", ["scripts/admin.ts", "--email", "someone@paperboy.test"], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stderr: string }).stderr).toContain("not in ADMIN_EMAILS");
    const token = ok.stdout.trim().split("/").at(-1)!;
    expect((await completeSignIn(testDb(), token, client))?.operator.email).toBe(OPERATOR);
    expect((await testDb().adminAuditEvent.findMany()).map((r) => r.action)).toEqual(["sign-in link printed", "signed in"]);
  });
});
