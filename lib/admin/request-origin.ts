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
