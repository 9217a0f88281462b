// POST: lifts one suppression with a stated reason (audited), then back to the suppressions page.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { liftSuppression } from "@/lib/admin/suppression-admin";

export async function POST(request: Request, { params }: { params: Promise<{ hash: string }> }): Promise<Response> {
  const { hash } = await params;
  return guardAction(request, db(), async ({ operator, form, client }) => {
    const result = await liftSuppression(db(), hash, form.get("reason"), operator, client);
    if (result === "lifted") return "/admin/suppressions?lifted";
    if (result === "not-found") return "/admin/suppressions?gone";
    return `/admin/suppressions/${hash}?error=${result}`;
  });
}
