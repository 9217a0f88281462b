// Shared set-up for the subscriber integration tests: a clean database with the topic taxonomy, an empty Redis
// prefix, and dependencies whose enqueue records what would have been queued.
import { Redis } from "ioredis";
import { resetEnvCache } from "@/lib/env";
import type { TransactionalPayload } from "@/lib/queue/queues";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import type { RawSignupForm } from "@/lib/subscribers/signup-form";
import { subscriberDeps, type SubscriberDeps } from "@/lib/subscribers/deps";
import { seedTopics } from "@/lib/topics/seed-topics";
import { links } from "@/lib/tokens/tokens";
import { resetDb, testDb } from "./db";
import { flushPrefix } from "@/scripts/flush-redis-prefix";

export interface Fixture {
  deps: SubscriberDeps;
  enqueued: TransactionalPayload[];
  redis: Redis;
  /** Moves the clock the subscriber functions see (real time unless set). */
  setNow(d: Date | null): void;
}

let redisClient: Redis | undefined;

export async function freshFixture(): Promise<Fixture> {
  resetEnvCache();
  const db = testDb();
  await resetDb(db);
  await flushPrefix();
  await seedTopics(db);
  redisClient ??= new Redis(process.env.REDIS_URL!);
  const enqueued: TransactionalPayload[] = [];
  let fixed: Date | null = null;
  const deps = subscriberDeps({
    db,
    redis: redisClient,
    enqueue: async (p) => void enqueued.push(p),
    now: () => fixed ?? new Date(),
  });
  return { deps, enqueued, redis: redisClient, setNow: (d) => void (fixed = d) };
}

export function closeFixtureRedis(): void {
  redisClient?.disconnect();
  redisClient = undefined;
}

/** A form as a person fills it: rendered ten seconds ago, honeypot empty. */
export function signupForm(overrides: Partial<RawSignupForm> = {}, renderedAt = Date.now() - 10_000): RawSignupForm {
  return { email: "ada@example.org", topics: ["reasoning", "speech-audio"], frequency: "daily", honeypot: "", stamp: issueFormStamp(renderedAt), ...overrides };
}

/** The token of the confirmation link in the subscriber's current confirmation mail (as the worker builds it). */
export async function confirmationToken(db: SubscriberDeps["db"], subscriberId: string): Promise<string> {
  const s = await db.subscriber.findUniqueOrThrow({ where: { id: subscriberId }, select: { confirmationId: true } });
  if (!s.confirmationId) throw new Error("no confirmation link is open for this subscriber");
  return links.confirm(s.confirmationId).split("/").at(-1)!;
}

export const person = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (test)" };
