// The one gate of every state-changing console request: same Origin, a live session (whose secret rotates here),
// and the session's CSRF token in the form. What fails gets no work done: 403 for a forged request, a redirect to
// the sign-in page for a missing, expired or revoked session.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { clientInfo, type ClientInfo } from "@/lib/http/client-info";
import { sameOrigin } from "@/lib/admin/request-origin";
import { csrfTokenMatches, operatorForAction, sessionCookieName, type Operator } from "@/lib/admin/session";

export function cookieOf(request: Request, name = sessionCookieName()): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function redirectTo(path: string, cookie?: string): Response {
  const headers = new Headers({ Location: `${env().APP_URL}${path}`, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

export function refused(why: string): Response {
  return new Response(`Refused: ${why}\n`, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export interface ActionContext {
  operator: Operator;
  form: FormData;
  client: ClientInfo;
}

/**
 * Runs `act` for a genuine request of a signed-in operator; it answers with the path to show next, or with a page of
 * its own (e.g. a 400 for a file that cannot be read), which gets the rotated session cookie too.
 */
export async function guardAction(request: Request, db: Db, act: (ctx: ActionContext) => Promise<string | Response>): Promise<Response> {
  if (!sameOrigin(request.headers.get("origin"))) return refused("this request did not come from a page of this site");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refused("the form could not be read");
  }
  const cookie = cookieOf(request);
  if (!cookie) return redirectTo("/admin/sign-in");
  // Checked against the id the cookie names before the session is looked up and its secret rotated, so a forged
  // request cannot sign the operator out by rotating a cookie the answer would not hand back.
  if (!csrfTokenMatches(cookie.split(".")[0] ?? "", form.get("csrf"))) return refused("the form's security token is missing or wrong; reload the page and try again");
  const session = await operatorForAction(db, cookie);
  if (!session) return redirectTo("/admin/sign-in");
  const next = await act({ operator: session.operator, form, client: clientInfo(request.headers) });
  if (typeof next === "string") return redirectTo(next, session.cookie);
  next.headers.append("Set-Cookie", session.cookie);
  return next;
}
