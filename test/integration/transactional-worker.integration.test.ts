// The real chain: signup enqueues on BullMQ (Redis, this run's prefix), the transactional worker renders and sends
// through SMTP to the loopback sink; confirming enqueues the welcome mail the same way. Payloads hold ids only.
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { closeTransactionalPool } from "@/lib/mail/transactional-pool";
import { closeQueues, queue, QUEUE } from "@/lib/queue/queues";
import { disconnectDb } from "@/lib/db";
import { disconnectRedis, redis } from "@/lib/redis";
import { signup } from "@/lib/subscribers/signup";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { subscriberDeps } from "@/lib/subscribers/deps";
import { verifyToken } from "@/lib/tokens/tokens";
import { startTransactionalWorker } from "@/workers/transactional.worker";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { flushPrefix } from "../helpers/redis";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { person, signupForm } from "../helpers/subscriber-fixtures";
import { seedTopics } from "@/lib/topics/seed-topics";

let sink: SmtpSink;
let worker: Worker;
const originalSmtp = process.env.SMTP_URL;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvCache();
  closeTransactionalPool();
  await resetDb(testDb());
  await seedTopics(testDb());
  await flushPrefix();
  worker = await startTransactionalWorker();
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  closeTransactionalPool();
  await disconnectRedis();
  await disconnectDb();
  await closeTestDb();
  await sink.close();
  process.env.SMTP_URL = originalSmtp;
  resetEnvCache();
  await flushPrefix();
});

describe("transactional worker", () => {
  it("delivers the confirmation mail, then the welcome mail after confirming, from ids-only jobs", async () => {
    const deps = subscriberDeps({ db: testDb(), redis: redis() });
    expect(await signup(signupForm({ email: "grace@example.org" }), person, { responseFloorMs: 0 }, deps)).toEqual({ status: "accepted" });
    await sink.waitFor(() => sink.mailsTo("grace@example.org").length === 1);
    const confirmation = sink.mailsTo("grace@example.org")[0]!.parsed;
    expect(confirmation.subject).toBe("Confirm your Paperboy subscription");
    const token = confirmation.text!.match(/\/confirm\/([A-Za-z0-9_.-]+)/)![1]!;
    const claims = verifyToken(token, "confirm");
    expect(claims).not.toBeNull();

    // What BullMQ keeps in Redis: the subscriber id and the kind, nothing personal.
    const row = await deps.db.subscriber.findFirstOrThrow({ where: { email: "grace@example.org" }, select: { id: true, confirmationId: true } });
    expect(claims!.subscriberId).toBe(row.confirmationId);
    const jobs = await queue(QUEUE.transactional).getJobs(["completed"]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ kind: "confirmation", subscriberId: row.id });
    expect(jobs[0]!.id).toBe(`confirmation-${row.id}-${new Date().toISOString().slice(0, 10)}`);

    expect(await confirmSubscription(token, person, deps)).toEqual({ state: "activated", subscriberId: row.id });
    await sink.waitFor(() => sink.mailsTo("grace@example.org").length === 2);
    const welcome = sink.mailsTo("grace@example.org")[1]!;
    expect(welcome.parsed.subject).toBe("Welcome to Paperboy");
    expect(welcome.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

    // Nothing else follows (no second confirmation, no second welcome).
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.mailsTo("grace@example.org")).toHaveLength(2);
  });

  it("fails a malformed payload for good instead of retrying it", async () => {
    const job = await queue(QUEUE.transactional).add("confirmation", { kind: "confirmation", subscriberId: "ada@example.org" });
    const deadline = Date.now() + 10_000;
    while ((await job.getState()) !== "failed") {
      if (Date.now() > deadline) throw new Error(`job state ${await job.getState()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const failed = await queue(QUEUE.transactional).getJob(job.id!);
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/malformed/);
  });
});
