// Removes every Redis key under a prefix: the tests and the benchmark clear their own prefix this way (never FLUSHDB).
import { Redis } from "ioredis";

export async function flushPrefix(prefix = process.env.REDIS_PREFIX ?? "paperboy-test", url = process.env.REDIS_URL): Promise<void> {
  const r = new Redis(url ?? "redis://127.0.0.1:6379/0");
  try {
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
}
