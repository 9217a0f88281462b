// POST: revokes the session (on every server at once) and removes the cookie.
import { db } from "@/lib/db";
import { appendAudit, revokeSession } from "@/lib/admin/admin-store";
import { clearSessionCookieHeader } from "@/lib/admin/session";
import { guardAction, redirectTo } from "@/lib/admin/guard-action";

export async function POST(request: Request): Promise<Response> {
  const answer = await guardAction(request, db(), async ({ operator, client }) => {
    await revokeSession(db(), operator.sessionId, new Date());
    await appendAudit(db(), { actor: operator.email, action: "signed out", ip: client.ip, userAgent: client.userAgent });
    return "/admin/sign-in";
  });
  // The rotated cookie the gate would hand back belongs to the revoked session: clear it instead.
  return answer.status === 303 ? redirectTo(new URL(answer.headers.get("location")!).pathname, clearSessionCookieHeader()) : answer;
}
