// "Download my data": a POST from the preferences page (never a GET, so no prefetch or cache ever holds it) answered
// with the JSON export as an attachment.
import { db } from "@/lib/db";
import { exportSubscriberData } from "@/lib/subscribers/export-data";
import { verifyToken } from "@/lib/tokens/tokens";
import { invalidLinkPage, TOKEN_PAGE_HEADERS } from "../../../_components/plain-html-page";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const claims = verifyToken(token, "manage");
  const data = claims ? await exportSubscriberData(db(), claims.subscriberId) : null;
  if (!data) return invalidLinkPage();
  return new Response(JSON.stringify(data, null, 2), {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="paperboy-my-data.json"',
      ...TOKEN_PAGE_HEADERS,
    },
  });
}
