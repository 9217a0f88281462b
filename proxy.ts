// Runs before every page and route (not static assets).
// - Malformed input gets the page every bad link gets (400) instead of the 500 Next.js would answer: a path that does
//   not decode, or a server-action call whose arguments are not a form (the only action here takes the sign-up form,
//   which a browser always sends as multipart), and a /papers address whose page, day or topic is malformed (the
//   page itself can only answer 404 or 200, so the 400 with what is wrong is answered here).
// - While PostgreSQL or Redis is unreachable, the visitor gets a friendly 503 page with Retry-After instead of an
//   error or a request that hangs; once both answer again, requests go through by themselves (lib/outage). The
//   pages that need neither (the static ones) keep serving.
// - Every page gets a strict Content-Security-Policy with a nonce of its own. Passed on in the request headers, the
//   policy tells Next.js which nonce to put on the scripts it renders (which is why every page renders per request).
import { NextResponse, type NextRequest } from "next/server";
import { hasMalformedEncoding } from "@/lib/http/malformed-path";
import { unavailableDependency } from "@/lib/outage/service-check";
import { newNonce, queueBoardContentSecurityPolicy } from "@/lib/http/content-security-policy";
import { readPapersQuery } from "@/lib/papers/papers-query";
import { badPapersQueryPage, invalidLinkPage, serviceUnavailablePage } from "@/app/components/plain-html-page";
import { siteContentSecurityPolicy } from "@/app/components/site-style";

const SERVED_WITHOUT_DEPENDENCIES = new Set(["/goodbye", "/privacy", "/check-your-inbox"]);

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  if (request.headers.has("next-action")) {
    const type = request.headers.get("content-type") ?? "";
    if (request.method !== "POST" || !type.startsWith("multipart/form-data")) return invalidLinkPage();
  }
  if (hasMalformedEncoding(pathname)) return invalidLinkPage();
  if (pathname === "/papers") {
    const read = readPapersQuery(Object.fromEntries(request.nextUrl.searchParams));
    if ("problem" in read) return badPapersQueryPage(read.problem);
  }
  if (!SERVED_WITHOUT_DEPENDENCIES.has(pathname) && (await unavailableDependency())) return serviceUnavailablePage();
  const policy = pathname === "/admin/queues" || pathname.startsWith("/admin/queues/") ? queueBoardContentSecurityPolicy() : siteContentSecurityPolicy(newNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
