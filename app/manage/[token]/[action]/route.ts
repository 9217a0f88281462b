// The preferences page's forms POST here: /manage/TOKEN/ACTION. Each checks the manage token (it is the only thing
// that authorises the change; there is no session), calls lib/subscribers, and answers 303 back to the page with a
// result code the page turns into its own words. "export" answers with the JSON file instead.
// Route handlers, not server actions: see app/confirm/[token]/route.ts (no-referrer pages post with Origin: null).
import { clientInfo } from "@/lib/http/client-info";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import { saveFilters } from "@/lib/feedback/filter-settings";
import { exportSubscriberData } from "@/lib/subscribers/export-data";
import { setPause, updatePreferences } from "@/lib/subscribers/preferences";
import { subscriberForToken } from "@/lib/subscribers/token-access";
import { resubscribe, unsubscribe } from "@/lib/subscribers/unsubscribe";
import { invalidLinkPage, TOKEN_PAGE_HEADERS } from "@/app/components/plain-html-page";
import { answerOutage } from "@/app/components/answer-outage";
import { db } from "@/lib/db";
import { renewFeedKey, turnOffFeed } from "@/lib/feeds/feed-key";

export const dynamic = "force-dynamic";

function back(request: Request, token: string, query: string): Response {
  const url = new URL(`/manage/${encodeURIComponent(token)}?${query}`, request.url);
  // Relative Location: correct behind any proxy, whatever host name the app believes it has.
  return new Response(null, { status: 303, headers: { Location: `${url.pathname}${url.search}`, ...TOKEN_PAGE_HEADERS } });
}

async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

async function post(request: Request, { params }: { params: Promise<{ token: string; action: string }> }): Promise<Response> {
  const { token, action } = await params;
  const subscriber = await subscriberForToken(token, "manage");
  if (!subscriber) return invalidLinkPage();
  const id = subscriber.id;
  const form = (await readForm(request)) ?? new FormData();
  const actor = clientInfo(request.headers);
  const result = (r: { ok: true } | { ok: false; code: string }, done: string) => back(request, token, r.ok ? `done=${done}` : `error=${r.code}`);

  switch (action) {
    case "preferences":
      return result(await updatePreferences(id, { topics: form.getAll("topics"), frequency: form.get("frequency") ?? undefined }, actor), "saved");
    case "pause":
      return result(await setPause(id, form.get("until") ?? "", actor), "paused");
    case "resume":
      return result(await setPause(id, null, actor), "resumed");
    case "filters":
      return result(await saveFilters(id, form), "filters-saved");
    case "unsubscribe": {
      const r = await unsubscribe(id, { ...actor, source: "manage-page" });
      return r === "not-found" ? invalidLinkPage() : back(request, token, "done=unsubscribed");
    }
    case "resubscribe": {
      const r = await resubscribe(id, actor);
      if (r === "not-found") return invalidLinkPage();
      return back(request, token, r === "needs-confirmation" ? "error=needs-confirmation" : "done=resubscribed");
    }
    case "feed":
      await renewFeedKey(db(), id);
      return back(request, token, "done=feed");
    case "feed-off":
      await turnOffFeed(db(), id);
      return back(request, token, "done=feed-off");
    case "erase":
      if (form.get("confirm-erase") !== "yes") return back(request, token, "error=erase-unconfirmed");
      await eraseSubscriber(id);
      return new Response(null, { status: 303, headers: { Location: "/goodbye", ...TOKEN_PAGE_HEADERS } });
    case "export": {
      const data = await exportSubscriberData(id);
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
    default:
      return invalidLinkPage();
  }
}

export const POST = answerOutage(post);
