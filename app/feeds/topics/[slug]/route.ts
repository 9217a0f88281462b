// GET /feeds/topics/SLUG: today's trending papers in one topic as Atom, each with the reason it is in the topic.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { topicFeed } from "@/lib/feeds/public-feeds";
import { publicAtomResponse } from "@/app/components/atom-response";
import { answerOutage } from "@/app/components/answer-outage";
import { escapeHtml, htmlPage } from "@/app/components/plain-html-page";

export const dynamic = "force-dynamic";

export const GET = answerOutage(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const feed = await topicFeed(db(), env().APP_URL, slug);
  if (!feed) return htmlPage("No such topic", `<p>There is no topic “${escapeHtml(slug.slice(0, 80))}”.</p><p><a href="/papers">See the trending papers</a></p>`, 404);
  return publicAtomResponse(feed);
});
