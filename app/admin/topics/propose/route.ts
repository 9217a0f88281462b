// POST: a topic form, on its way to the preview page (which reads and checks the values and changes nothing).
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { typedDraftQuery } from "@/lib/admin/topic-admin";

export async function POST(request: Request): Promise<Response> {
  return guardAction(request, db(), async ({ form }) => `/admin/topics/preview?${typedDraftQuery(form)}`);
}
