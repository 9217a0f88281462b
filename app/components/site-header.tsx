// The name linking home, at the top of every page (markup shared with the plain pages in site-chrome.ts).
import { SITE_NAME } from "@/app/components/site-chrome";

export function SiteHeader() {
  return (
    <header className="site-header">
      <a className="site-name" href="/">
        {SITE_NAME}
      </a>
    </header>
  );
}
