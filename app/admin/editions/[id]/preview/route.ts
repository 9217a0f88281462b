// POST: finds the reader by their exact address (audited) and shows what this edition gives them; the address
// travels in the form, never in a URL.
import { db } from "@/lib/db";
import { findReaderForPreview } from "@/lib/admin/edition-preview";
import { guardAction } from "@/lib/admin/guard-action";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return guardAction(request, db(), async ({ operator, form, client }) => {
    const subscriberId = await findReaderForPreview(db(), id, form.get("email"), operator, client);
    return subscriberId ? `/admin/editions/${id}/preview/${subscriberId}` : `/admin/editions/${id}?preview=not-found`;
  });
}
