// What the subscriber functions talk to, injectable so tests can pin the clock or watch what is enqueued. Every
// operation on a subscriber takes its input first, then the actor where the consent log needs one, then these deps.
import type { Redis } from "ioredis";
import { db, type Db } from "@/lib/db";
import { redis } from "@/lib/redis";
import type { Sql } from "@/lib/digest/pg-pool";
import { signupSql } from "@/lib/subscribers/signup-store";
import { enqueueTransactional, type EnqueueTransactional } from "@/lib/subscribers/mail/enqueue-transactional";

export interface SubscriberDeps {
  db: Db;
  /** The plain `pg` pool of the sign-up's one statement (signup-store.ts), on the same database as `db`. */
  sql: Sql;
  redis: Redis;
  enqueue: EnqueueTransactional;
  now: () => Date;
}

export function subscriberDeps(overrides: Partial<SubscriberDeps> = {}): SubscriberDeps {
  return {
    db: overrides.db ?? db(),
    sql: overrides.sql ?? signupSql(),
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
