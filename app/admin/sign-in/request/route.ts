// POST of the sign-in form: the same redirect for every address (lib/admin/sign-in.ts decides who gets a mail).
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { clientInfo } from "@/lib/http/client-info";
import { addAdminSignInJob } from "@/lib/queue/queues";
import { requestSignIn } from "@/lib/admin/sign-in";
import { sameOrigin } from "@/lib/admin/request-origin";
import { redirectTo, refused } from "@/lib/admin/guard-action";

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers.get("origin"))) return refused("this request did not come from a page of this site");
  const form = await request.formData().catch(() => null);
  if (!form) return refused("the form could not be read");
  await requestSignIn(form.get("email"), clientInfo(request.headers), { db: db(), redis: redis(), enqueue: (signInId) => addAdminSignInJob({ signInId }) });
  return redirectTo("/admin/sign-in?sent");
}
