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
  // How many sign-ups one web process runs at once (each on one of as many connections of the sign-up's pool) and
  // how many more wait their turn; past that a sign-up is answered 503 with Retry-After without touching the database.
  SIGNUP_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  SIGNUP_MAX_PENDING: z.coerce.number().int().min(0).max(100_000).default(256),

  // How long `npm start` serves / and /papers from its in-process page cache (0 = render every request). A change to
  // the papers or topics is seen within about a second whatever this is.
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),

  // Votes, saves and undos one subscriber may make per hour through the feedback links of their digests.
  FEEDBACK_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(120),

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
  // The learned order of a reader's digest (lib/feedback/rank-for-reader.ts), for readers who voted: the weights of
  // the trending place, the topic match and the profile's similarity, the lift of a followed author, MMR's lambda,
  // the liked papers from which the profile counts fully, and the "You may also like" papers from outside the topics.
  RANKING_WEIGHT_TRENDING: z.coerce.number().min(0).max(100).default(1),
  RANKING_WEIGHT_TOPIC: z.coerce.number().min(0).max(100).default(0.3),
  RANKING_WEIGHT_PROFILE: z.coerce.number().min(0).max(100).default(20),
  RANKING_FOLLOW_BOOST: z.coerce.number().min(0).max(100).default(1),
  RANKING_MMR_LAMBDA: z.coerce.number().min(0).max(1).default(0.85),
  RANKING_CONFIDENT_AT: z.coerce.number().int().min(1).max(1000).default(3),
  RANKING_SUGGESTIONS: z.coerce.number().int().min(0).max(2).default(2),
  RANKING_SUGGEST_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.15),
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

  // Bounces and complaints (lib/bounces/). With BOUNCE_DOMAIN set, every mail goes out with the envelope sender
  // BOUNCE_LOCAL_PART+<signed id>@BOUNCE_DOMAIN (VERP), so a late bounce names the mail it is about.
  BOUNCE_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^localhost$/, "must be a domain name such as bounces.example.org")
    .transform((v) => v.toLowerCase())
    .optional(),
  BOUNCE_LOCAL_PART: z.string().regex(/^[A-Za-z0-9._-]{1,16}$/, "may use letters, digits, . _ and - only (at most 16)").default("bounces"),
  // The inbound SMTP listener for bounce mail (the bounce domain's MX points here); unset = not started.
  BOUNCE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BOUNCE_SMTP_HOST: z.string().default("0.0.0.0"),
  BOUNCE_MAX_MESSAGE_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(2_000_000),
  // Messages one client address may deliver to the listener per minute; more are refused with 421.
  BOUNCE_RATE_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  // A mailbox the bounce mail goes to, for operators without the listener: imaps://user:password@host:993/INBOX
  // (imap:// only on a trusted network). Polled every BOUNCE_IMAP_EVERY_SECONDS; unset = not polled.
  BOUNCE_IMAP_URL: url(["imap:", "imaps:"], "imaps://bounces%40example.org:password@imap.example.org:993/INBOX").optional(),
  BOUNCE_IMAP_EVERY_SECONDS: z.coerce.number().int().min(10).default(60),
  // A soft bounce suppresses the address once soft bounces have come on this many different days.
  SOFT_BOUNCE_DAYS: z.coerce.number().int().min(1).default(3),
  // An edition pauses itself when its complaints pass this share of its sent mails (0.003 = 0.3%), counted once it
  // has sent COMPLAINT_RATE_MIN_SENT mails (a single complaint among the first few would pause every edition).
  COMPLAINT_RATE_LIMIT: z.coerce.number().min(0).max(1).default(0.003),
  COMPLAINT_RATE_MIN_SENT: z.coerce.number().int().min(1).default(100),

  // Providers' bounce and complaint webhooks (/webhooks/<provider>); each is off (404) until its secret is set.
  // A signed call older than WEBHOOK_MAX_AGE_SECONDS, or one already taken, is refused.
  WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  SES_SNS_TOPIC_ARNS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  // Hosts (a regular expression on host[:port]) SNS signing certificates may come from: Amazon's by default.
  SES_SNS_CERT_HOST_PATTERN: z
    .string()
    .refine((v) => {
      try {
        new RegExp(v);
        return v.startsWith("^") && v.endsWith("$");
      } catch {
        return false;
      }
    }, "must be a regular expression anchored with ^ and $")
    .default("^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$"),
  POSTMARK_WEBHOOK_AUTH: z.string().regex(/^[^:]+:.{12,}$/, 'must be "user:password" (a password of 12 characters or more)').optional(),
  MAILGUN_WEBHOOK_SIGNING_KEY: z.string().min(16).optional(),
  // The "Verification Key" of SendGrid's signed Event Webhook (base64, as SendGrid shows it).
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(40).optional(),
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

const RANKING_KEYS = [
  "RANKING_WEIGHT_TRENDING",
  "RANKING_WEIGHT_PROFILE",
  "RANKING_WEIGHT_TOPIC",
  "RANKING_FOLLOW_BOOST",
  "RANKING_MMR_LAMBDA",
  "RANKING_CONFIDENT_AT",
  "RANKING_SUGGESTIONS",
  "RANKING_SUGGEST_MIN_SIMILARITY",
] as const;
export type RankingEnv = Pick<Env, (typeof RANKING_KEYS)[number]>;

/** The ranking settings alone (the offline evaluation needs no database or mail settings); malformed ones stop it. */
export function rankingEnv(source: Record<string, string | undefined> = process.env): RankingEnv {
  const sub = schema.pick(Object.fromEntries(RANKING_KEYS.map((k) => [k, true])) as { [K in (typeof RANKING_KEYS)[number]]: true });
  const cleaned = Object.fromEntries(RANKING_KEYS.filter((k) => source[k]).map((k) => [k, source[k]]));
  const result = sub.safeParse(cleaned);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`));
  return result.data;
}

/** Tests change process.env between suites. */
export function resetEnvCache(): void {
  cached = undefined;
}
