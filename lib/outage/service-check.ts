// Whether the web app can serve right now: PostgreSQL and Redis both answer within a bound. Requests that arrive
// while a probe is in flight share it; while either is down a probe runs at most every RECHECK_DOWN_MS (requests
// meanwhile get that answer), so an outage is not met with a connection attempt per request; once both answer,
// requests go through again by themselves.
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { availability, type Dependency } from "@/lib/outage/availability";

// A bound for a database that accepts and never answers; a first connection made on a busy machine takes longer
// than a round trip, and must not be mistaken for an outage.
const PROBE_TIMEOUT_MS = 5_000;
const RECHECK_DOWN_MS = 500;

let last: { at: number; down: Dependency | undefined } | undefined;
let inFlight: Promise<Dependency | undefined> | undefined;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer in ${PROBE_TIMEOUT_MS} ms`), { code: "ETIMEDOUT" })), PROBE_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function probe(dependency: Dependency): Promise<boolean> {
  const startedAt = availability().now();
  try {
    if (dependency === "postgres") await withTimeout(db().$queryRawUnsafe("SELECT 1"), "postgres");
    else await withTimeout(redis().ping(), "redis");
    availability().reportUp(dependency, startedAt);
    return true;
  } catch (err) {
    availability().reportDown(dependency, err, startedAt);
    return false;
  }
}

/** The dependency that is down, or undefined when both answer. */
export async function unavailableDependency(now: number = Date.now()): Promise<Dependency | undefined> {
  if (last?.down && now - last.at < RECHECK_DOWN_MS) return last.down;
  inFlight ??= (async () => {
    const [pgUp, redisUp] = await Promise.all([probe("postgres"), probe("redis")]);
    const down: Dependency | undefined = !pgUp ? "postgres" : !redisUp ? "redis" : undefined;
    last = { at: Date.now(), down };
    return down;
  })().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}
