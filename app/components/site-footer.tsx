// Who runs the site, the privacy notice and the archive, at the bottom of every page.
import { FOOTER_LINKS, operatorLine } from "@/app/components/site-chrome";

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <nav aria-label="Site">
        <ul>
          {FOOTER_LINKS.map((l) => (
            <li key={l.href}>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <p>{operatorLine()}</p>
    </footer>
  );
}
