// /unsubscribe/TOKEN: the target of List-Unsubscribe. GET shows a page with one button and changes nothing (mail
// scanners prefetch links). POST is the RFC 8058 one-click unsubscribe: the body `List-Unsubscribe=One-Click`
// (form-urlencoded or multipart), no cookie or session needed, answered 200 (never a redirect, which providers do
// not follow), idempotent, honoured at once.
import { clientInfo } from "@/lib/http/client-info";
import { maskEmail } from "@/lib/subscribers/mask-email";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { links, verifyToken } from "@/lib/tokens/tokens";
import { subscriberForToken } from "@/lib/subscribers/token-access";
import { escapeHtml, htmlPage, invalidLinkPage } from "@/app/components/plain-html-page";
import { answerOutage } from "@/app/components/answer-outage";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

async function get(_request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  // A subscriber that is gone (erased) has nothing to unsubscribe from: the same page as any other dead link.
  const subscriber = await subscriberForToken(token, "unsubscribe");
  if (!subscriber) return invalidLinkPage();
  return htmlPage(
    "Unsubscribe from Paperboy",
    `<p>Press the button to stop receiving Paperboy digests at <strong>${escapeHtml(maskEmail(subscriber.email))}</strong>.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><input type="hidden" name="from" value="page">
<button type="submit">Unsubscribe</button></form>`,
  );
}

/** Reads the POST body as a form, whatever encoding a mail provider chose; an unreadable body is an empty form. */
async function readForm(request: Request): Promise<URLSearchParams | FormData> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("multipart/form-data")) return await request.formData();
    return new URLSearchParams((await request.text()).slice(0, 10_000));
  } catch {
    return new URLSearchParams();
  }
}

async function post(request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  const claims = verifyToken(token, "unsubscribe");
  if (!claims) return invalidLinkPage();
  const form = await readForm(request);
  if (form.get("List-Unsubscribe") !== "One-Click") {
    return htmlPage("Unsubscribe from Paperboy", `<p>This address only accepts the one-click unsubscribe request (List-Unsubscribe=One-Click).</p>`, 400);
  }
  const fromPage = form.get("from") === "page";
  await unsubscribe(claims.subscriberId, {
    ...clientInfo(request.headers),
    source: fromPage ? "unsubscribe-page" : "one-click",
    ...(claims.editionId ? { editionId: claims.editionId } : {}),
  });
  // "not-found" (erased) and "already-unsubscribed" answer the same: either way no more mail goes to this address.
  return htmlPage(
    "You are unsubscribed",
    `<p role="status">You will not receive any more Paperboy digests at this address.</p>
<p>Changed your mind, or want fewer topics instead? <a href="${escapeHtml(links.manage(claims.subscriberId))}">Open your preferences</a>.</p>`,
  );
}

export const GET = answerOutage(get);
export const POST = answerOutage(post);
