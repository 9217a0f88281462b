// POST: a topic form, on its way to the preview page (which reads and checks the values and changes nothing).
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";

const FIELDS = ["mode", "slug", "name", "description", "keywords", "categories"] as const;

export async function POST(request: Request): Promise<Response> {
  return guardAction(request, db(), async ({ form }) => {
    const values = new URLSearchParams();
    for (const f of FIELDS) {
      const v = form.get(f);
      values.set(f, typeof v === "string" ? v.slice(0, 5000) : "");
    }
    return `/admin/topics/preview?${values.toString()}`;
  });
}
