// POST: looks an address up in the suppression list by its hash (audited), then to the entry's page.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { lookUpSuppression } from "@/lib/admin/suppression-admin";

export async function POST(request: Request): Promise<Response> {
  return guardAction(request, db(), async ({ operator, form, client }) => {
    const found = await lookUpSuppression(db(), form.get("email"), operator, client);
    return found.found ? `/admin/suppressions/${found.hash}` : `/admin/suppressions?${found.why}`;
  });
}
