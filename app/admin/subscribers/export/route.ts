// GET: the active subscribers as a CSV download, for a signed-in operator (audited). A request another site started
// is refused; without a session, to the sign-in page.
import { db } from "@/lib/db";
import { clientInfo } from "@/lib/http/client-info";
import { cookieOf, redirectTo, refused } from "@/lib/admin/guard-action";
import { crossSiteFetch } from "@/lib/admin/request-origin";
import { operatorOf } from "@/lib/admin/session";
import { exportActiveSubscribers } from "@/lib/admin/csv-export";

export async function GET(request: Request): Promise<Response> {
  if (crossSiteFetch(request.headers.get("sec-fetch-site"))) return refused("this download was not asked for from a page of this site");
  const operator = await operatorOf(db(), cookieOf(request));
  if (!operator) return redirectTo("/admin/sign-in");
  return exportActiveSubscribers(db(), operator, clientInfo(request.headers));
}

export const dynamic = "force-dynamic";
