// Errors that mean "too busy or briefly unreachable, try again" (a full connection pool, a database or Redis that
// does not answer in time), as opposed to bugs. A request that meets one answers 503 with Retry-After, never 500.

// Prisma: P1001 can't reach the database, P1002 timed out, P1008 operation timed out, P1017 connection closed,
// P2024 timed out fetching a connection, P2028 transaction API error (no connection within maxWait).
const PRISMA_TRANSIENT = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
// PostgreSQL SQLSTATE: too many connections (53300), out of resources (53xxx), admin shutdown (57P01-57P03),
// connection exceptions (08xxx), query canceled by statement timeout (57014).
const PG_TRANSIENT = /^(53|08|57P0)|^57014$/;
const NODE_TRANSIENT = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTCONN"]);
const MESSAGE_TRANSIENT = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /too many (clients|connections)/i,
  /Unable to start a transaction in the given time/i,
  /Reached the max retries per request limit/i, // ioredis with Redis down
  /Connection is closed/i, // ioredis
  /Command timed out/i, // ioredis commandTimeout
];

export function isOverload(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_TRANSIENT.has(code) || NODE_TRANSIENT.has(code) || PG_TRANSIENT.test(code)) return true;
  if (e.name === "MaxRetriesPerRequestError") return true;
  const message = typeof e.message === "string" ? e.message : "";
  if (MESSAGE_TRANSIENT.some((re) => re.test(message))) return true;
  return isOverload(e.cause, depth + 1);
}
