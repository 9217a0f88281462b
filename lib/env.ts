// The only reader of process.env. Parsed lazily (so `next build` works without a configured environment) and
// validated with zod, failing fast with one clear line per missing or malformed variable.
import { z } from "zod";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const url = (protocols: string[], example: string) =>
  z
    .string()
    .min(1, `is empty; expected e.g. ${example}`)
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.join(" or ")} URL, e.g. ${example}`);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(["postgresql:", "postgres:"], "postgresql://postgres@127.0.0.1:5432/paperboy"),
  REDIS_URL: url(["redis:", "rediss:"], "redis://127.0.0.1:6379/0"),
  SMTP_URL: url(["smtp:", "smtps:"], "smtp://127.0.0.1:1025"),
  APP_URL: url(["http:", "https:"], "http://localhost:3000").transform((v) => v.replace(/\/+$/, "")),
  APP_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)"),
  // Comma-separated earlier secrets still accepted when verifying tokens (key rotation).
  APP_SECRET_PREVIOUS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  MAIL_FROM: z.string().min(3, 'must be a sender such as "Paperboy <digest@example.org>"'),
  POSTAL_ADDRESS: z.string().min(5, "must be the postal address printed in every mail footer (CAN-SPAM)"),
  LIST_ID: z.string().default("paperboy.local"),
  // Prefix of every Redis key (BullMQ queues, rate limits), so several installs or test runs can share one Redis.
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, "may use letters, digits, _ and - only").default("paperboy"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // "auto": lines a person reads when stdout is a terminal, JSON (one object a line) otherwise.
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),
  // Which workers `npm run worker` starts (comma-separated: transactional, subscriberExpiry, ingest, digest);
  // empty = all. Lets an operator give the digest processes of their own.
  WORKERS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),

  // Operators who may sign in to the console at /admin: comma-separated addresses, kept in their canonical
  // (lower-cased) form so that a sign-in for ADA@example.org finds ada@example.org. Empty = nobody.
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const keys: string[] = [];
      for (const part of v.split(",").map((s) => s.trim()).filter(Boolean)) {
        const r = normaliseEmail(part);
        if (r.ok) keys.push(r.key);
        else ctx.addIssue({ code: "custom", message: `has an address that is not one (${part.slice(0, 60)}): ${r.message}` });
      }
      return [...new Set(keys)];
    }),

  // Signup abuse limits
  SIGNUP_MIN_FILL_MS: z.coerce.number().int().min(0).default(1500),
  RATE_LIMIT_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  CONFIRM_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).default(72),
  // Every accepted signup answer takes at least this long, so response time does not tell new from known addresses.
  SIGNUP_RESPONSE_FLOOR_MS: z.coerce.number().int().min(0).max(10_000).default(400),
  // How many sign-ups one web process runs at once (keep it below the database pool, the pg driver's 10) and
  // how many more wait their turn; past that a sign-up is answered 503 with Retry-After without touching the database.
  SIGNUP_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  SIGNUP_MAX_PENDING: z.coerce.number().int().min(0).max(100_000).default(256),

  // How long `npm start` serves / and /papers from its in-process page cache (0 = render every request). A change to
  // the papers or topics is seen within about a second whatever this is.
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),

  // Papers
  PAPERS_SOURCE: z.enum(["hf", "file"]).default("file"),
  PAPERS_FILE: z.string().default("data/recorded/hf-daily-papers.json"),
  HF_API_URL: url(["http:", "https:"], "https://huggingface.co").default("https://huggingface.co"),
  ARXIV_API_URL: url(["http:", "https:"], "https://export.arxiv.org").default("https://export.arxiv.org"),
  INGEST_EVERY_MINUTES: z.coerce.number().int().min(1).default(60),

  // Digest
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  DIGEST_TIMEZONE: z.string().default("UTC"),
  DIGEST_WEEKDAY: z.coerce.number().int().min(0).max(6).default(1),
  DIGEST_TOP_N: z.coerce.number().int().min(1).max(50).default(10),
  DIGEST_ALSO_TRENDING: z.coerce.number().int().min(0).max(20).default(3),
  DIGEST_SKIP_EMPTY: bool.default(true),
  DIGEST_FANOUT_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(2000),
  DIGEST_STALE_CLAIM_SECONDS: z.coerce.number().int().min(5).default(600),
  DIGEST_FANOUT_GRACE_SECONDS: z.coerce.number().int().min(5).default(300),
  /** How often every worker process runs the reconciler (stale claims, lost jobs, closing finished editions). */
  DIGEST_RECONCILE_SECONDS: z.coerce.number().int().min(1).default(60),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  SMTP_RATE_PER_SECOND: z.coerce.number().min(0).default(0),
  HARD_BOUNCE_LIMIT: z.coerce.number().int().min(1).default(1),
  ERROR_BURST_LIMIT: z.coerce.number().int().min(1).default(50),
  DKIM_DOMAIN: z.string().optional(),
  DKIM_SELECTOR: z.string().optional(),
  DKIM_PRIVATE_KEY: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset so that `FOO=` in a .env file falls back to the default or reports "missing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = i.path.join(".");
        return cleaned[name] === undefined ? `${name} is missing` : `${name} ${i.message}`;
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The operator's postal address for the site footer, or null when it is not configured. Pages are prerendered by
 * `next build`, where the rest of the configuration may be absent: this must not throw there.
 */
export function footerPostalAddress(): string | null {
  const result = schema.shape.POSTAL_ADDRESS.safeParse(process.env.POSTAL_ADDRESS);
  return result.success ? result.data : null;
}

/**
 * LOG_LEVEL and LOG_FORMAT alone, each falling back to its default when malformed: the logger must work even when
 * the rest of the configuration does not, since it is how a bad configuration gets reported.
 */
export function loggingEnv(): Pick<Env, "LOG_LEVEL" | "LOG_FORMAT"> {
  const pick = <K extends "LOG_LEVEL" | "LOG_FORMAT">(key: K): Env[K] => {
    const field = schema.shape[key];
    const parsed = field.safeParse(process.env[key] || undefined);
    return (parsed.success ? parsed.data : field.parse(undefined)) as Env[K];
  };
  return { LOG_LEVEL: pick("LOG_LEVEL"), LOG_FORMAT: pick("LOG_FORMAT") };
}

/** Tests change process.env between suites. */
export function resetEnvCache(): void {
  cached = undefined;
}
