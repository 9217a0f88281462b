// /feedback/TOKEN/ACTION (more, less, save): the links under every paper of a digest. A GET changes nothing (mail
// scanners fetch every link): it shows the paper and one focused button. Its POST records the vote or the save and
// answers a short thank-you with an undo button (a POST with intent=undo) and the way to the preferences page.
// Plain forms in a script-free page, so it works with or without JavaScript and with the keyboard alone.
import { recordFeedback, viewFeedbackLink, type FeedbackLink } from "@/lib/feedback/record-feedback";
import { links } from "@/lib/tokens/tokens";
import { FEEDBACK_WINDOW_SECONDS } from "@/lib/rate-limit/feedback-limits";
import { escapeHtml, htmlPage, invalidLinkPage } from "@/app/components/plain-html-page";
import { answerOutage } from "@/app/components/answer-outage";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string; action: string }> };

const ASK = {
  more: { title: "More like this", button: "More papers like this", already: "You already asked for more papers like this one." },
  less: { title: "Less like this", button: "Fewer papers like this", already: "You already asked for fewer papers like this one." },
  save: { title: "Save this paper", button: "Save this paper", already: "This paper is already in your saved papers." },
} as const;

const DONE = {
  more: "Thank you: your digests will bring more papers like",
  less: "Thank you: your digests will bring fewer papers like",
  save: "Saved: your saved papers now include",
} as const;

function paperHtml(link: FeedbackLink): string {
  const authors = link.paper.authors.length > 3 ? `${link.paper.authors.slice(0, 3).join(", ")} et al.` : link.paper.authors.join(", ");
  return `<p class="paper"><strong>${escapeHtml(link.paper.title)}</strong>${authors ? `<br>${escapeHtml(authors)}` : ""}</p>`;
}

const preferencesLink = (link: FeedbackLink) => `<p><a href="${escapeHtml(links.manage(link.subscriberId))}">Open your preferences</a></p>`;

function alreadyDone(link: FeedbackLink): boolean {
  return link.action === "save" ? link.state.saved : link.state.vote === link.action;
}

async function get(_request: Request, { params }: Params): Promise<Response> {
  const { token, action } = await params;
  const link = await viewFeedbackLink(token, action);
  if (!link) return invalidLinkPage();
  const ask = ASK[link.action];
  return htmlPage(
    ask.title,
    `<p>From your Paperboy digest:</p>${paperHtml(link)}
${alreadyDone(link) ? `<p role="status">${ask.already}</p>` : `<p>Nothing changes until you press the button.</p>`}
<form method="post"><input type="hidden" name="intent" value="apply"><button type="submit" autofocus>${ask.button}</button></form>
${preferencesLink(link)}`,
  );
}

async function readIntent(request: Request): Promise<"apply" | "undo"> {
  try {
    const type = request.headers.get("content-type") ?? "";
    const form = type.includes("multipart/form-data") ? await request.formData() : new URLSearchParams((await request.text()).slice(0, 2_000));
    return form.get("intent") === "undo" ? "undo" : "apply";
  } catch {
    return "apply";
  }
}

async function post(request: Request, { params }: Params): Promise<Response> {
  const { token, action } = await params;
  const intent = await readIntent(request);
  const outcome = await recordFeedback(token, action, intent);
  if (outcome.kind === "invalid") return invalidLinkPage();
  if (outcome.kind === "limited") {
    const res = htmlPage("Too many changes for now", `<p>You have sent a lot of votes in a short time. Nothing was changed; please try again in a while.</p>`, 429);
    res.headers.set("Retry-After", String(FEEDBACK_WINDOW_SECONDS));
    return res;
  }
  const { link } = outcome;
  const title = `“${escapeHtml(link.paper.title)}”`;
  if (intent === "undo") {
    return htmlPage(
      "Undone",
      `<p role="status">${link.action === "save" ? `${title} is no longer saved.` : `Your vote on ${title} is removed.`}</p>
<form method="post"><input type="hidden" name="intent" value="apply"><button type="submit" class="secondary">${ASK[link.action].button}</button></form>
${preferencesLink(link)}`,
    );
  }
  return htmlPage(
    "Thank you",
    `<p role="status">${DONE[link.action]} ${title}.</p>
<form method="post"><input type="hidden" name="intent" value="undo"><button type="submit" class="secondary" autofocus>Undo</button></form>
${preferencesLink(link)}`,
  );
}

export const GET = answerOutage(get);
export const POST = answerOutage(post);
