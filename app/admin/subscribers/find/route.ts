// POST: looks a subscriber up by exact address (audited), then to its page by id; the address never enters a URL.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { lookUpSubscriber } from "@/lib/admin/subscriber-admin";

export async function POST(request: Request): Promise<Response> {
  return guardAction(request, db(), async ({ operator, form, client }) => {
    const found = await lookUpSubscriber(db(), form.get("email"), operator, client);
    return found.found ? `/admin/subscribers/${found.id}` : `/admin/subscribers?${found.why}`;
  });
}
