// Every state-changing request to the console must come from a page of this site: browsers send Origin with every
// form POST, so a missing or foreign one is refused (a cross-site form cannot forge it).
import { env } from "@/lib/env";

export function sameOrigin(origin: string | null, appUrl = env().APP_URL): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).origin === new URL(appUrl).origin && origin.replace(/\/$/, "") === new URL(appUrl).origin;
  } catch {
    return false;
  }
}

/**
 * For a GET that answers with personal data (the CSV export): refused when the browser says another site started
 * the request (Sec-Fetch-Site), so a link or image elsewhere cannot make an operator's browser fetch it. Clients that
 * send no such header (scripts) are not browsers following someone else's link.
 */
export function crossSiteFetch(secFetchSite: string | null): boolean {
  return secFetchSite !== null && secFetchSite !== "same-origin" && secFetchSite !== "none";
}
