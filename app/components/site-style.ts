// The base stylesheet of every page: colours (shared with the mails through emails/components/theme.ts), type, the
// header and footer, cards and buttons. React pages get it from app/layout.tsx, the plain token pages from
// plain-html-page.ts; app/globals.css adds what only the React pages use (forms, topic grid, notices).
import { colours } from "@/emails/components/theme";
import { contentSecurityPolicy, sha256Source } from "@/lib/http/content-security-policy";

export const SITE_BASE_CSS = `
:root{color-scheme:light;--fg:${colours.text};--muted:${colours.muted};--accent:${colours.link};--bg:${colours.surface};--page:${colours.page};--border:${colours.border}}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--page);line-height:1.5;overflow-wrap:break-word}
main{max-width:48rem;margin:0 auto;padding:1.5rem 1rem 2rem}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
h1{font-size:2rem;line-height:1.2;margin:.25rem 0 .75rem}
.site-header{max-width:48rem;margin:0 auto;padding:.75rem 1rem 0}
.site-name{display:inline-block;min-height:24px;padding:.25rem 0;font-weight:700;letter-spacing:.08em;text-transform:uppercase;text-decoration:none;color:var(--accent)}
.site-name:hover{text-decoration:underline}
.site-footer{max-width:48rem;margin:0 auto;padding:1rem 1rem 2rem;border-top:1px solid var(--border);color:var(--muted);font-size:.9rem}
.site-footer ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;margin:0 0 .5rem;padding:0}
.site-footer a{display:inline-block;min-height:24px;padding:.15rem 0}
.site-footer p{margin:0}
.card{background:var(--bg);border:1px solid var(--border);border-radius:12px;padding:1.5rem;margin:1rem 0}
.card h1{margin-top:0}
button{font:inherit;font-weight:600;color:#fff;background:var(--accent);border:2px solid var(--accent);border-radius:8px;padding:.65rem 1.4rem;min-height:44px;cursor:pointer}
button:hover{background:#1e40af}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** The policy of every page: the base stylesheet is the only inline style, allowed by its hash. */
export function siteContentSecurityPolicy(nonce?: string): string {
  return contentSecurityPolicy(nonce, [sha256Source(SITE_BASE_CSS)]);
}
