// The preferences page's forms POST here: /manage/TOKEN/ACTION. Each checks the manage token (it is the only thing
// that authorises the change; there is no session), calls lib/subscribers, and answers 303 back to the page with a
// result code the page turns into its own words. "export" answers with the JSON file instead, "known-papers" and
// "preview" with a page of their own; the one GET, "saved-papers.bib", downloads the saved papers as BibTeX.
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
import { addKnownPapers, liveArxivLookup } from "@/lib/feedback/known-papers";
import { MAX_BIBTEX_BYTES, readKnownPapersForm } from "@/lib/feedback/known-papers-form";
import { previewFilters } from "@/lib/feedback/preview-filters";
import { removeSavedPaper, savedPapersBibtex } from "@/lib/feedback/saved-papers";
import { filtersPreviewPage, knownPapersRejectedPage, knownPapersReportPage } from "@/app/components/manage-result-pages";

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

async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | "too-large"> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return "too-large";
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Pasted ids and an uploaded BibTeX file; the whole request is capped before it is read. */
async function knownPapers(request: Request, token: string, subscriberId: string): Promise<Response> {
  const tooLarge = () => knownPapersRejectedPage(token, 413, `That is too much at once: at most ${MAX_BIBTEX_BYTES / 1024} KB, please.`);
  const limit = MAX_BIBTEX_BYTES + 64 * 1024;
  if (Number(request.headers.get("content-length") ?? 0) > limit) return tooLarge();
  // A body sent without a length is read up to the limit and no further.
  const body = await readAtMost(request, limit);
  if (body === "too-large") return tooLarge();
  const form = await readForm(new Request(request.url, { method: "POST", body, headers: { "content-type": request.headers.get("content-type") ?? "" } }));
  if (!form) return knownPapersRejectedPage(token, 400, "Please paste some arXiv ids or choose a BibTeX file.");
  const pasted = form.get("ids");
  const file = form.get("bibtex");
  if (typeof pasted === "string" && pasted.length > 64 * 1024) return tooLarge();
  if (file instanceof File && file.size > MAX_BIBTEX_BYTES) return tooLarge();
  const bibtex = file instanceof File && file.size > 0 ? await file.text() : null;
  const read = readKnownPapersForm(typeof pasted === "string" ? pasted : "", bibtex);
  if (!read.ok) return knownPapersRejectedPage(token, read.status, read.message);
  const report = await addKnownPapers(subscriberId, read.form.ids, { db: db(), arxiv: liveArxivLookup(), now: () => new Date() });
  return knownPapersReportPage(token, read.form, report);
}

async function post(request: Request, { params }: { params: Promise<{ token: string; action: string }> }): Promise<Response> {
  const { token, action } = await params;
  const subscriber = await subscriberForToken(token, "manage");
  if (!subscriber) return invalidLinkPage();
  const id = subscriber.id;
  if (action === "known-papers") return knownPapers(request, token, id);
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
    case "preview": {
      const preview = await previewFilters(db(), id, form);
      if (!preview.ok) return preview.code === "not-found" ? invalidLinkPage() : back(request, token, "error=filters");
      return filtersPreviewPage(token, preview);
    }
    case "remove-saved":
      await removeSavedPaper(db(), id, form.get("paper"));
      return back(request, token, "done=saved-removed");
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

async function get(_request: Request, { params }: { params: Promise<{ token: string; action: string }> }): Promise<Response> {
  const { token, action } = await params;
  if (action !== "saved-papers.bib") return invalidLinkPage();
  const subscriber = await subscriberForToken(token, "manage");
  if (!subscriber) return invalidLinkPage();
  return new Response(await savedPapersBibtex(db(), subscriber.id), {
    status: 200,
    headers: {
      "Content-Type": "application/x-bibtex; charset=utf-8",
      "Content-Disposition": 'attachment; filename="paperboy-saved-papers.bib"',
      ...TOKEN_PAGE_HEADERS,
    },
  });
}

export const POST = answerOutage(post);
export const GET = answerOutage(get);
