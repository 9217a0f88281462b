// POST: pauses an edition (audited), then back to its page.
import { db } from "@/lib/db";
import { sql } from "@/lib/digest/pg-pool";
import { actOnEdition } from "@/lib/admin/edition-actions";
import { guardAction } from "@/lib/admin/guard-action";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return guardAction(request, db(), async ({ operator, client }) => {
    const { found, changed } = await actOnEdition({ db: db(), sql: sql() }, "pause", id, operator, client);
    return found ? `/admin/editions/${id}?pause=${changed ? "done" : "unchanged"}` : "/admin/editions";
  });
}
