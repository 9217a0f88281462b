// /confirm/TOKEN, the link in the confirmation mail. GET shows one button and changes nothing (mail scanners prefetch
// links); the button POSTs here and activates. A route handler rather than a page with a server action: token pages
// send `Referrer-Policy: no-referrer`, so a browser without JavaScript posts with `Origin: null`, which Next.js's
// server-action origin check refuses. The token in the URL is what authorises the POST.
import { clientInfo } from "@/lib/http/client-info";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { subscriberForToken } from "@/lib/subscribers/token-access";
import { links } from "@/lib/tokens/tokens";
import { escapeHtml, htmlPage, invalidLinkPage } from "../../_components/plain-html-page";
import { answerOutage } from "../../_components/answer-outage";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

function subscribedPage(subscriberId: string): Response {
  return htmlPage(
    "You are subscribed",
    `<p role="status">Your subscription is confirmed. A welcome mail with your preferences link is on its way.</p>
<p><a href="${escapeHtml(links.manage(subscriberId))}">Choose your topics and frequency</a></p>`,
  );
}

async function get(_request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  const subscriber = await subscriberForToken(token, "confirm");
  if (!subscriber) return invalidLinkPage();
  if (subscriber.status === "active") return subscribedPage(subscriber.id);
  return htmlPage(
    "Confirm your subscription",
    `<p>Press the button to start receiving the trending papers in the topics you chose.</p>
<form method="post"><button type="submit">Confirm my subscription</button></form>`,
  );
}

async function post(request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  const subscriber = await subscriberForToken(token, "confirm");
  if (!subscriber) return invalidLinkPage();
  const result = await confirmSubscription(subscriber.id, clientInfo(request.headers));
  if (result === "not-found") return invalidLinkPage();
  return subscribedPage(subscriber.id);
}

export const GET = answerOutage(get);
export const POST = answerOutage(post);
