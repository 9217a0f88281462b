// POST: moves a topic up or down the list (audited), then back to the list.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { moveTopic } from "@/lib/admin/topic-admin";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return guardAction(request, db(), async ({ operator, client, form }) => {
    const direction = form.get("direction") === "up" ? "up" : form.get("direction") === "down" ? "down" : null;
    if (!direction) return "/admin/topics";
    const { found, moved } = await moveTopic(db(), slug, direction, operator, client);
    return `/admin/topics?moved=${!found ? "missing" : moved ? "done" : "unchanged"}`;
  });
}
