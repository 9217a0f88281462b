// Runs before the app for the two pages a crowd arrives at. `/` and `/papers?date=&topic=&page=` are rewritten to
// their cached pages under /cached/ (one entry per day, topic and page), which are not reachable directly. A GET of
// `/` also gets a fresh form stamp in a cookie (see lib/http/form-stamp-cookie.ts).
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { FORM_STAMP_COOKIE, FORM_STAMP_COOKIE_MAX_AGE } from "@/lib/http/form-stamp-cookie";
import { cachedPapersPath, parsePapersQuery } from "@/lib/papers/papers-url";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";

/** The same origin as the request as Next.js sees it, so the rewrite stays inside the app. */
function internal(request: NextRequest, pathname: string): URL {
  const url = request.nextUrl.clone();
  url.pathname = pathname;
  url.search = "";
  return url;
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname === "/") {
    const response = NextResponse.rewrite(internal(request, "/cached/home/latest"));
    if (request.method === "GET") {
      response.cookies.set(FORM_STAMP_COOKIE, issueFormStamp(), {
        httpOnly: true,
        sameSite: "lax",
        secure: env().APP_URL.startsWith("https:"),
        path: "/",
        maxAge: FORM_STAMP_COOKIE_MAX_AGE,
      });
    }
    return response;
  }
  if (pathname === "/papers") return NextResponse.rewrite(internal(request, cachedPapersPath(parsePapersQuery(searchParams))));
  // /cached/...: only through the rewrites above; a direct request gets the app's 404 (there is no page at /cached).
  return NextResponse.rewrite(internal(request, "/cached"));
}

export const config = { matcher: ["/", "/papers", "/cached/:path*"] };
