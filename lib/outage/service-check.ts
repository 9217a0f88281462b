// Whether the web app can serve right now: PostgreSQL and Redis both answer within a bound. The answer is shared by
// the requests of a short window (one probe in flight at a time), so neither a crowd nor an outage is met with a
// probe per request; once both answer again, requests go through by themselves. An outage that starts inside the
// window is caught where the request meets it (answerOutage, the sign-up action's overload answer).
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { availability, type Dependency } from "@/lib/outage/availability";

const PROBE_TIMEOUT_MS = 2_000;
const RECHECK_DOWN_MS = 500;
const RECHECK_UP_MS = 1_000;

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
  try {
    if (dependency === "postgres") await withTimeout(db().$queryRawUnsafe("SELECT 1"), "postgres");
    else await withTimeout(redis().ping(), "redis");
    availability().reportUp(dependency);
    return true;
  } catch (err) {
    availability().reportDown(dependency, err);
    return false;
  }
}

/** The dependency that is down, or undefined when both answer. */
export async function unavailableDependency(now: number = Date.now()): Promise<Dependency | undefined> {
  if (last && now - last.at < (last.down ? RECHECK_DOWN_MS : RECHECK_UP_MS)) return last.down;
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
