// POST: retires a topic (no longer offered, tags no paper; readers keep their choice), audited.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { setTopicOffered } from "@/lib/admin/topic-admin";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return guardAction(request, db(), async ({ operator, client }) => {
    const { found, changed } = await setTopicOffered(db(), slug, false, operator, client);
    return found ? `/admin/topics/${slug}?retired=${changed ? "done" : "unchanged"}` : "/admin/topics";
  });
}
