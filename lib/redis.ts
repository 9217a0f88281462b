// Redis connections. BullMQ workers need maxRetriesPerRequest: null (blocking commands must not time out).
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { availability } from "@/lib/outage/availability";

export function createRedis(url: string = env().REDIS_URL, forWorker = false): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: forWorker ? null : 3, lazyConnect: false, connectTimeout: 5_000 });
  // ioredis reconnects by itself; without a listener every failed attempt would print an "unhandled error event".
  r.on("error", (err) => availability().suspect("redis", err));
  r.on("ready", () => availability().reportUp("redis"));
  return r;
}

const globalForRedis = globalThis as unknown as { paperboyRedis?: Redis };

/** Shared connection for producers and rate limits (not for blocking worker connections). */
export function redis(): Redis {
  globalForRedis.paperboyRedis ??= createRedis();
  return globalForRedis.paperboyRedis;
}

export async function disconnectRedis(): Promise<void> {
  await globalForRedis.paperboyRedis?.quit();
  globalForRedis.paperboyRedis = undefined;
}
