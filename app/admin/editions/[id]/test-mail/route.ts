// POST: mails the signed-in operator a test of one of the edition's paper lists (audited), then back to its page.
import { db } from "@/lib/db";
import { sql } from "@/lib/digest/pg-pool";
import { addEditionTestMailJob } from "@/lib/queue/queues";
import { requestEditionTestMail } from "@/lib/admin/edition-test-mail";
import { guardAction } from "@/lib/admin/guard-action";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return guardAction(request, db(), async ({ operator, form, client }) => {
    const deps = { db: db(), sql: sql(), enqueue: (testMailId: string) => addEditionTestMailJob({ testMailId }) };
    const result = await requestEditionTestMail(deps, id, form.get("list"), operator, client);
    return result === "not-found" ? "/admin/editions" : `/admin/editions/${id}?test=${result}`;
  });
}
