// GET /feeds/papers: today's trending papers as Atom.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { allPapersFeed } from "@/lib/feeds/public-feeds";
import { publicAtomResponse } from "@/app/components/atom-response";
import { answerOutage } from "@/app/components/answer-outage";

export const dynamic = "force-dynamic";

export const GET = answerOutage(async () => publicAtomResponse(await allPapersFeed(db(), env().APP_URL)));
