// Runs before every page and route (not static assets).
// - While PostgreSQL or Redis is unreachable, the visitor gets a friendly 503 page with Retry-After instead of an
//   error or a request that hangs; once both answer again, requests go through by themselves (lib/outage).
// - Malformed input gets the page every bad link gets (400) instead of the 500 Next.js would answer: a path that does
//   not decode, or a server-action call whose arguments are not a form (the only action here takes the sign-up form,
//   which a browser always sends as multipart).
// - `/` and `/papers?date=&topic=&page=` are rewritten to their cached pages under /cached/ (one entry per day, topic
//   and page), which are not reachable directly. A GET of `/` also gets a fresh form stamp in a cookie (see
//   lib/http/form-stamp-cookie.ts), since the cached page cannot carry one per visitor.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { FORM_STAMP_COOKIE, FORM_STAMP_COOKIE_MAX_AGE } from "@/lib/http/form-stamp-cookie";
import { hasMalformedEncoding } from "@/lib/http/malformed-path";
import { unavailableDependency } from "@/lib/outage/service-check";
import { cachedPapersPath, parsePapersQuery } from "@/lib/papers/papers-url";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import { invalidLinkPage, serviceUnavailablePage } from "@/app/_components/plain-html-page";

/** The same origin as the request as Next.js sees it, so the rewrite stays inside the app. */
function internal(request: NextRequest, pathname: string): URL {
  const url = request.nextUrl.clone();
  url.pathname = pathname;
  url.search = "";
  return url;
}

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, searchParams } = request.nextUrl;
  if (request.headers.has("next-action")) {
    const type = request.headers.get("content-type") ?? "";
    if (request.method !== "POST" || !type.startsWith("multipart/form-data")) return invalidLinkPage();
  }
  if (hasMalformedEncoding(pathname)) return invalidLinkPage();
  if (await unavailableDependency()) return serviceUnavailablePage();
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
  if (pathname.startsWith("/cached")) return NextResponse.rewrite(internal(request, "/cached"));
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
