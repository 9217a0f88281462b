// Runs before routing, and only where it is needed (the link and edition paths, and server-action calls to the home
// page), so the pages that carry the load never pay for it. Malformed input gets the page every bad link gets (400)
// instead of the 500 Next.js would answer: a path that does not decode, or a server-action call whose arguments
// are not a form (the only action here takes the sign-up form, which a browser always sends as multipart).
import type { NextRequest } from "next/server";
import { hasMalformedEncoding } from "@/lib/http/malformed-path";
import { invalidLinkPage } from "@/app/_components/plain-html-page";

export function proxy(request: NextRequest): Response | undefined {
  if (request.headers.has("next-action")) {
    const type = request.headers.get("content-type") ?? "";
    if (request.method !== "POST" || !type.startsWith("multipart/form-data")) return invalidLinkPage();
    return undefined;
  }
  if (hasMalformedEncoding(request.nextUrl.pathname)) return invalidLinkPage();
  return undefined;
}

export const config = {
  matcher: [
    "/confirm/:path*",
    "/manage/:path*",
    "/unsubscribe/:path*",
    "/editions/:path*",
    { source: "/", has: [{ type: "header", key: "next-action" }] },
  ],
};
