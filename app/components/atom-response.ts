// Feeds answer as Atom. Public feeds may be cached for a while (a feed reader polls; the list changes once a day);
// the personal feed carries its secret in the path, so it gets the token pages' headers instead.
import { atomFeed, type FeedDocument } from "@/lib/feeds/atom-feed";
import { TOKEN_PAGE_HEADERS } from "@/app/components/plain-html-page";

const ATOM_TYPE = "application/atom+xml; charset=utf-8";

export function publicAtomResponse(feed: FeedDocument): Response {
  return new Response(atomFeed(feed), { headers: { "Content-Type": ATOM_TYPE, "Cache-Control": "public, max-age=900" } });
}

export function privateAtomResponse(feed: FeedDocument): Response {
  return new Response(atomFeed(feed), { headers: { "Content-Type": ATOM_TYPE, ...TOKEN_PAGE_HEADERS } });
}
