// GET /feeds/personal/TOKEN: a subscriber's own ranking as Atom. The secret URL is shown on the preferences page;
// a revoked, tampered or foreign token gets the page every bad link gets.
import { db } from "@/lib/db";
import { readerForFeedToken } from "@/lib/feeds/feed-key";
import { personalFeed } from "@/lib/feeds/personal-feed";
import { links } from "@/lib/tokens/tokens";
import { privateAtomResponse } from "@/app/components/atom-response";
import { answerOutage } from "@/app/components/answer-outage";
import { invalidLinkPage } from "@/app/components/plain-html-page";

export const dynamic = "force-dynamic";

export const GET = answerOutage(async (_request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const reader = await readerForFeedToken(db(), token);
  if (!reader) return invalidLinkPage();
  return privateAtomResponse(await personalFeed(db(), reader, links.personalFeed(reader.feedKey)));
});
