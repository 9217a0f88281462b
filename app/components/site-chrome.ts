// What every page carries around its content: the name linking home, and a footer saying who runs the site, with
// the privacy notice and the archive. React pages render it from app/layout.tsx; the plain HTML pages of the token
// route handlers (app/components/plain-html-page.ts) embed the same markup as a string.
import { footerPostalAddress } from "@/lib/env";

export const SITE_NAME = "Paperboy";

export const FOOTER_LINKS = [
  { href: "/papers", label: "Trending papers" },
  { href: "/editions", label: "Past digests" },
  { href: "/privacy", label: "Privacy" },
] as const;

export function operatorLine(): string {
  const address = footerPostalAddress();
  return address ? `${SITE_NAME} is run by ${address}.` : `${SITE_NAME} is run by the people who installed it.`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export function siteHeaderHtml(): string {
  return `<header class="site-header"><a class="site-name" href="/">${SITE_NAME}</a></header>`;
}

export function siteFooterHtml(): string {
  const links = FOOTER_LINKS.map((l) => `<li><a href="${l.href}">${esc(l.label)}</a></li>`).join("");
  return `<footer class="site-footer"><nav aria-label="Site"><ul>${links}</ul></nav><p>${esc(operatorLine())}</p></footer>`;
}
