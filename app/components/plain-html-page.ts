// Route handlers answer with small, self-contained HTML pages (no scripts, no third-party assets, a policy that lets
// none run), with the headers every token page needs: the token must not leak through Referer, and no cache may keep
// the page.
import { siteFooterHtml, siteHeaderHtml } from "@/app/components/site-chrome";
import { SITE_BASE_CSS, siteContentSecurityPolicy } from "@/app/components/site-style";
import { INVALID_LINK_TEXT, INVALID_LINK_TITLE } from "@/app/components/invalid-link";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export const TOKEN_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
} as const;

/** `bodyHtml` is trusted markup built by the caller from escaped parts. */
export function htmlPage(title: string, bodyHtml: string, status = 200): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Paperboy</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${SITE_BASE_CSS}</style></head>
<body>${siteHeaderHtml()}<main><div class="card"><h1>${escapeHtml(title)}</h1>${bodyHtml}</div></main>${siteFooterHtml()}</body></html>`;
  const headers = { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": siteContentSecurityPolicy(), ...TOKEN_PAGE_HEADERS };
  return new Response(html, { status, headers });
}

/** Identical for every kind of bad link (tampered, expired, wrong purpose): it must not tell them apart. */
export function invalidLinkPage(): Response {
  return htmlPage(INVALID_LINK_TITLE, `<p>${escapeHtml(INVALID_LINK_TEXT)}</p><p><a href="/">Go to the home page</a></p>`, 400);
}

/** A /papers address whose topic, day or page number is malformed: what is wrong, and the way to the first page. */
export function badPapersQueryPage(problem: string): Response {
  return htmlPage(
    "No such page of papers",
    `<p>${escapeHtml(problem)}</p><p><a href="/papers">Go to the first page of trending papers</a></p>`,
    400,
  );
}

/** Seconds a client (or a mail provider retrying a one-click unsubscribe) is asked to wait during an outage. */
export const RETRY_AFTER_SECONDS = 30;

/** While PostgreSQL or Redis is unreachable: 503 with Retry-After, so that nothing is taken as done. */
export function serviceUnavailablePage(): Response {
  const res = htmlPage(
    "Paperboy is briefly unavailable",
    `<p>We cannot reach our database right now, so we could not do what you asked. Nothing has been changed.</p>
<p>Please try again in a minute; this page works again by itself as soon as we are back.</p>`,
    503,
  );
  res.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return res;
}
