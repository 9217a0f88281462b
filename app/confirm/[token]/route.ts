// /confirm/TOKEN, the link in the confirmation mail. GET shows one button and changes nothing (mail scanners prefetch
// links); the button POSTs here and activates. A route handler rather than a page with a server action: token pages
// send `Referrer-Policy: no-referrer`, so a browser without JavaScript posts with `Origin: null`, which Next.js's
// server-action origin check refuses. The token in the URL is what authorises the POST.
import { clientInfo } from "@/lib/http/client-info";
import { confirmationLink, confirmSubscription } from "@/lib/subscribers/confirm";
import { links } from "@/lib/tokens/tokens";
import { escapeHtml, htmlPage, invalidLinkPage } from "@/app/components/plain-html-page";
import { answerOutage } from "@/app/components/answer-outage";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

function subscribedPage(subscriberId: string): Response {
  return htmlPage(
    "You are subscribed",
    `<p role="status">Your subscription is confirmed. A welcome mail with your preferences link is on its way.</p>
<p><a href="${escapeHtml(links.manage(subscriberId))}">Choose your topics and frequency</a></p>`,
  );
}

/** A genuine link that can no longer confirm anything: used already, or the person unsubscribed since. */
function usedLinkPage(): Response {
  return htmlPage(
    "This confirmation link has been used",
    `<p role="status">This link has already confirmed a subscription, or the subscription was cancelled after it was sent. Nothing has been changed.</p>
<p>To subscribe again, sign up on the home page: we will send a new confirmation link to your address.</p>
<p><a href="/">Subscribe again</a></p>`,
  );
}

async function get(_request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  const link = await confirmationLink(token);
  if (link.state === "invalid") return invalidLinkPage();
  if (link.state === "used") return usedLinkPage();
  return htmlPage(
    "Confirm your subscription",
    `<p>Press the button to start receiving the trending papers in the topics you chose.</p>
<form method="post"><button type="submit">Confirm my subscription</button></form>`,
  );
}

async function post(request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  const result = await confirmSubscription(token, clientInfo(request.headers));
  if (result.state === "invalid") return invalidLinkPage();
  if (result.state === "used") return usedLinkPage();
  return subscribedPage(result.subscriberId);
}

export const GET = answerOutage(get);
export const POST = answerOutage(post);
