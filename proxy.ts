// Runs before every page and route (not static assets): while PostgreSQL or Redis is unreachable, the visitor
// gets a friendly 503 page with Retry-After instead of an error or a request that hangs; once both answer again,
// requests go through by themselves. Route handlers also answer 503 on a connection error (answerOutage), for an
// outage that starts after this check.
import { unavailableDependency } from "@/lib/outage/service-check";
import { serviceUnavailablePage } from "@/app/_components/plain-html-page";

export async function proxy(): Promise<Response | undefined> {
  if (await unavailableDependency()) return serviceUnavailablePage();
  return undefined;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
