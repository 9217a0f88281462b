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
import { waitForQueueIdle } from "../helpers/queue-state";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { person, signupForm } from "../helpers/subscriber-fixtures";
import { waitForValue } from "../helpers/wait-until";
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

/** The mail's row reaches `status` (the worker records the 250 after the sink has the mail). */
async function waitForMailStatus(key: string, status: string): Promise<void> {
  await waitForValue(
    async () => (await testDb().transactionalMail.findUnique({ where: { key }, select: { status: true } }))?.status,
    (seen) => seen === status,
    20_000,
    `transactional mail ${key} to be ${status}`,
  );
}

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

    // The link names the pending sign-up (its confirmation id), not the subscriber row.
    const row = await deps.db.subscriber.findFirstOrThrow({ where: { email: "grace@example.org" }, select: { id: true, confirmationId: true } });
    expect(claims!.subscriberId).toBe(row.confirmationId);
    // The mail reaches the sink before the worker records the 250 and completes the job: wait for both.
    const confirmationKey = `confirmation-${row.id}-${new Date().toISOString().slice(0, 10)}`;
    await waitForMailStatus(confirmationKey, "SENT");
    const counts = await waitForQueueIdle(queue(QUEUE.transactional));
    expect(counts).toMatchObject({ completed: 1, failed: 0 });
    // What BullMQ keeps in Redis: the subscriber id and the kind, nothing personal.
    const jobs = await queue(QUEUE.transactional).getJobs(["completed"]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ kind: "confirmation", subscriberId: row.id });
    expect(jobs[0]!.id).toBe(confirmationKey);

    expect(await confirmSubscription(token, person, deps)).toEqual({ state: "activated", subscriberId: row.id });
    await sink.waitFor(() => sink.mailsTo("grace@example.org").length === 2);
    const welcome = sink.mailsTo("grace@example.org")[1]!;
    expect(welcome.parsed.subject).toBe("Welcome to Paperboy");
    expect(welcome.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

    // Nothing else follows (no second confirmation, no second welcome): once the queue has no job left to run (none
    // waiting, active or in a retry's backoff), every mail the jobs were going to send has reached the sink.
    expect(await waitForQueueIdle(queue(QUEUE.transactional))).toMatchObject({ completed: 2, failed: 0 });
    const rows = await testDb().transactionalMail.findMany({ where: { subscriberId: row.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
      ["CONFIRMATION", "SENT", 1],
      ["WELCOME", "SENT", 1],
    ]);
    expect(sink.mailsTo("grace@example.org")).toHaveLength(2);
  });

  it("fails a malformed payload for good instead of retrying it", async () => {
    const job = await queue(QUEUE.transactional).add("confirmation", { kind: "confirmation", subscriberId: "ada@example.org" });
    await waitForValue(() => job.getState(), (state) => state === "failed", 20_000, "the malformed job to fail");
    const failed = await queue(QUEUE.transactional).getJob(job.id!);
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/malformed/);
  });
});
