// The one HTTP path of the paper clients: a User-Agent, a timeout that covers headers and body, retries with
// exponential backoff and jitter on network errors, timeouts, 408/429/5xx and unparseable bodies (a truncated
// transfer), and Retry-After (or an exhausted RateLimit header) honoured up to a cap. Other 4xx fail at once.
import type { RateLimiter } from "@/lib/papers/rate-limiter";

export interface FetchPolicy {
  userAgent: string;
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not slept through: the call fails and the job retries later. */
  maxRetryAfterMs: number;
  limiter?: RateLimiter;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry (logging, tests). */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

export const defaultUserAgent = "Paperboy/0.1 (self-hosted paper digest; +https://github.com/paperboy)";

export const defaultPolicy: FetchPolicy = {
  userAgent: defaultUserAgent,
  timeoutMs: 20_000,
  retries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

export class HttpError extends Error {
  constructor(
    message: string,
    public readonly url: string,
    public readonly status?: number,
    public readonly retryable = false,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Retry-After as seconds or an HTTP date; also the IETF `RateLimit: ...;r=0;t=N` form HF sends. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ra = headers.get("retry-after");
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const rl = headers.get("ratelimit");
  if (rl) {
    const r = /(?:^|[;,\s])r=(\d+)/.exec(rl)?.[1];
    const t = /(?:^|[;,\s])t=(\d+)/.exec(rl)?.[1];
    if (r === "0" && t) return Number(t) * 1000;
  }
  return undefined;
}

function backoff(policy: FetchPolicy, attempt: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * GETs `url` and returns `parse(body)`. A parse error counts as a failed attempt (servers and proxies cut bodies
 * short), so callers pass their JSON/XML parser here rather than parsing afterwards.
 */
export async function fetchWithRetry<T>(
  url: string,
  policy: FetchPolicy,
  parse: (body: string) => T,
  accept = "application/json",
): Promise<T> {
  const doFetch = policy.fetchImpl ?? fetch;
  const wait = policy.sleep ?? sleep;
  let lastError: HttpError | undefined;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    await policy.limiter?.acquire();
    let delay: number | undefined;
    try {
      const signal = AbortSignal.timeout(policy.timeoutMs);
      const res = await doFetch(url, { headers: { "user-agent": policy.userAgent, accept }, signal, redirect: "follow" });
      if (res.ok) {
        const body = await res.text();
        try {
          return parse(body);
        } catch (err) {
          lastError = new HttpError(`unreadable response body (${(err as Error).message})`, url, res.status, true);
        }
      } else {
        const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
        await res.body?.cancel().catch(() => undefined);
        lastError = new HttpError(`HTTP ${res.status} from ${new URL(url).host}`, url, res.status, retryable);
        if (!retryable) throw lastError;
        const ra = retryAfterMs(res.headers);
        if (ra !== undefined) {
          if (ra > policy.maxRetryAfterMs) {
            throw new HttpError(`rate limited: server asks to wait ${Math.ceil(ra / 1000)} s`, url, res.status, true);
          }
          delay = ra;
        }
      }
    } catch (err) {
      if (err instanceof HttpError) {
        if (!err.retryable || err.message.startsWith("rate limited")) throw err;
        lastError = err;
      } else {
        const e = err as Error;
        const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
        // fetch() hides the reason (ECONNREFUSED, ENOTFOUND...) in `cause`.
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? e.message;
        const host = new URL(url).host;
        lastError = new HttpError(timedOut ? `timed out after ${policy.timeoutMs} ms (${host})` : `network error (${host}): ${why}`, url, undefined, true);
      }
    }
    if (attempt === policy.retries) break;
    const ms = delay ?? backoff(policy, attempt);
    policy.onRetry?.({ url, attempt: attempt + 1, delayMs: ms, reason: lastError!.message });
    await wait(ms);
  }
  throw new HttpError(`${lastError?.message ?? "failed"} (gave up after ${policy.retries + 1} attempts)`, url, lastError?.status, true);
}
