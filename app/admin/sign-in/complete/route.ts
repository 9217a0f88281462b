// POST of the sign-in link's button: uses the link once and sets the session cookie.
import { db } from "@/lib/db";
import { clientInfo } from "@/lib/http/client-info";
import { completeSignIn } from "@/lib/admin/sign-in";
import { sameOrigin } from "@/lib/admin/request-origin";
import { redirectTo, refused } from "@/lib/admin/guard-action";

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers.get("origin"))) return refused("this request did not come from a page of this site");
  const form = await request.formData().catch(() => null);
  if (!form) return refused("the form could not be read");
  const session = await completeSignIn(db(), form.get("token"), clientInfo(request.headers));
  return session ? redirectTo("/admin", session.cookie) : redirectTo("/admin/sign-in?expired");
}
