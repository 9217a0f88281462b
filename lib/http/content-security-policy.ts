// The Content-Security-Policy of every HTML page. Scripts run only when they carry the request's nonce (Next.js puts
// it on its own scripts when the proxy passes the policy on in the request headers); what they load is trusted
// through 'strict-dynamic', so no host list and no 'unsafe-inline' for scripts. Styles come from the site's own files
// plus the one inline stylesheet, allowed by its hash. Forms post only to this site, no page may be framed, and
// <base> and plugins are off.
import { createHash, randomBytes } from "node:crypto";

/** A fresh nonce for one response: 128 random bits, base64 (what CSP nonces may contain). */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The CSP source that allows exactly this inline text (a <style> or <script> body). */
export function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** Without a nonce (pages built without React), no script may run at all. */
export function contentSecurityPolicy(nonce: string | undefined, inlineStyleSources: readonly string[]): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'nonce-${nonce}' 'strict-dynamic'` : "script-src 'none'",
    ["style-src 'self'", ...inlineStyleSources].join(" "),
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The queue dashboard (bull-board, under /admin/queues) is a prebuilt app: its scripts and stylesheet are files of
 * this site without a nonce, it sets inline styles, and it names its own <base>. Nothing outside the site is allowed
 * (its web font link is blocked; the system font stands in).
 */
export function queueBoardContentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
