// What the subscriber functions talk to, injectable so tests can pin the clock or watch what is enqueued. Every
// operation on a subscriber takes its input first, then the actor where the consent log needs one, then these deps.
import type { Redis } from "ioredis";
import { db, type Db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { enqueueTransactional, type EnqueueTransactional } from "@/lib/subscribers/mail/enqueue-transactional";

export interface SubscriberDeps {
  db: Db;
  redis: Redis;
  enqueue: EnqueueTransactional;
  now: () => Date;
}

export function subscriberDeps(overrides: Partial<SubscriberDeps> = {}): SubscriberDeps {
  return {
    db: overrides.db ?? db(),
    redis: overrides.redis ?? redis(),
    enqueue: overrides.enqueue ?? enqueueTransactional,
    now: overrides.now ?? (() => new Date()),
  };
}

/** Who asked for a change, for the consent log. */
export interface ActorContext {
  ip?: string;
  userAgent?: string;
}
