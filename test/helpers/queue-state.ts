// Waits on BullMQ queue state. A queue is idle when no job is waiting, active, delayed (a retry's backoff included),
// prioritised or waiting for children: every job it was given has reached completed or failed.
import type { Queue } from "bullmq";
import { waitForValue } from "./wait-until";

const unfinished = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

export type QueueCounts = Record<(typeof unfinished)[number] | "completed" | "failed", number>;

async function counts(queue: Queue): Promise<QueueCounts> {
  return (await queue.getJobCounts(...unfinished, "completed", "failed")) as QueueCounts;
}

/** Waits until the queue is idle and returns its counts (completed and failed included). */
export async function waitForQueueIdle(queue: Queue, timeoutMs = 60_000): Promise<QueueCounts> {
  return waitForValue(
    () => counts(queue),
    (c) => unfinished.every((state) => c[state] === 0),
    timeoutMs,
    `queue ${queue.name} to have no waiting, active or delayed jobs`,
  );
}
