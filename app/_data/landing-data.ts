// The landing page's data, cached across requests for a minute: the page itself is served from the cache, and this
// keeps the renders that cannot be (a sign-up posted without JavaScript is answered with the page) off the database.
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { listTrendingPapers } from "@/lib/papers/list-papers";
import { listTopicChoices } from "@/lib/subscribers/topic-choices";
import type { TopPapersLoader } from "@/app/components/top-papers";

const ONE_MINUTE = 60;

export const cachedTopicChoices = unstable_cache(() => listTopicChoices(), ["landing-topic-choices"], { revalidate: ONE_MINUTE });

export const cachedTopPapers: TopPapersLoader = unstable_cache(
  async ({ limit = 5, topic }) => {
    const { date, papers } = await listTrendingPapers(db(), { limit, topic, order: "upvotes" });
    return { date, papers };
  },
  ["landing-top-papers"],
  { revalidate: ONE_MINUTE },
);
