// POST: offers a retired topic again (and tags papers with it again), audited.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { setTopicOffered } from "@/lib/admin/topic-admin";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return guardAction(request, db(), async ({ operator, client }) => {
    const { found, changed } = await setTopicOffered(db(), slug, true, operator, client);
    return found ? `/admin/topics/${slug}?restored=${changed ? "done" : "unchanged"}` : "/admin/topics";
  });
}
