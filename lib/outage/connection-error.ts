// Tells "PostgreSQL or Redis could not be reached" apart from every other error. Those are outages to wait out
// (stop claiming, back off, write held outcomes later), not failures of a message or a job, and never SMTP errors.
import { env } from "@/lib/env";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const MESSAGES = [
  /connection terminated/i, // pg: the server or the network closed the connection
  /timeout exceeded when trying to connect/i, // pg pool: connectionTimeoutMillis
  /query read timeout/i, // pg: query_timeout
  /connection is closed/i, // ioredis
  /reached the max retries per request limit/i, // ioredis MaxRetriesPerRequestError
  /stream isn't writeable/i, // ioredis with the offline queue disabled
  /client has encountered a connection error/i, // pg: a client that already failed
  /can't reach database server/i, // Prisma P1001
];

export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string") {
    if (NETWORK_CODES.has(e.code)) return true;
    // SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is shutting down or starting up).
    if (/^08/.test(e.code) || /^57P0[123]$/.test(e.code)) return true;
    if (e.code === "P1001" || e.code === "P1017") return true;
  }
  if (typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // AggregateError (a host with several addresses) and wrapped driver errors (Prisma's adapter) carry the cause.
  if (Array.isArray(e.errors) && e.errors.some((x) => isConnectionError(x, depth + 1))) return true;
  return isConnectionError(e.cause, depth + 1);
}

/** Thrown when a step could not run because PostgreSQL or Redis is unreachable: retry later, do not count it. */
export class DependencyDownError extends Error {
  constructor(
    readonly dependency: "postgres" | "redis",
    cause: unknown,
  ) {
    super(`${dependency} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "DependencyDownError";
  }
}

/** Which service a connection error came from: Redis when it names Redis's port or comes from ioredis. */
export function dependencyOf(err: unknown, redisUrl: string = env().REDIS_URL): "postgres" | "redis" {
  const e = err as { port?: unknown; message?: unknown };
  const redisPort = Number(new URL(redisUrl).port || 6379);
  if (e?.port === redisPort) return "redis";
  if (typeof e?.message === "string" && /connection is closed|max retries per request|stream isn't writeable/i.test(e.message)) return "redis";
  return "postgres";
}
