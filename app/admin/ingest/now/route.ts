// POST: queues an ingest from the source in use, unless one is waiting or running (audited either way).
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { requestIngestNow } from "@/lib/admin/ingest-admin";

export async function POST(request: Request): Promise<Response> {
  return guardAction(request, db(), async ({ operator, client }) => {
    const queued = await requestIngestNow(db(), operator, client);
    return `/admin/ingest?now=${queued ? "queued" : "busy"}`;
  });
}
