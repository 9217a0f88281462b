// The Content-Security-Policy of every HTML page, built from the page itself: each inline <script> the page carries
// (Next.js inlines its bootstrap and the React Server Components payload) is allowed by its SHA-256 hash, so nothing
// else inline can run, and cached pages stay cached (a nonce would force every page to render per request).
import { createHash } from "node:crypto";

// Inline scripts: a <script> start tag without a src attribute, up to its end tag.
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** 'sha256-...' sources for the inline scripts of an HTML document, in order, without repeats. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    const body = m[1] ?? "";
    if (body.length === 0) continue;
    hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

export function contentSecurityPolicy(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(" ")}`.trimEnd(),
    // Styles: the site's stylesheets, plus style attributes and the <style> block of the small token pages.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// A cached page is sent many times as the same text: its policy is worked out once (the map hashes the text natively).
const recent = new Map<string, string>();
const RECENT_PAGES = 32;

export function policyForHtml(html: string): string {
  let policy = recent.get(html);
  if (policy === undefined) {
    policy = contentSecurityPolicy(inlineScriptHashes(html));
    if (recent.size >= RECENT_PAGES) recent.delete(recent.keys().next().value!);
    recent.set(html, policy);
  }
  return policy;
}
