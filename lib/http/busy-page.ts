// The answer to a sign-up turned away because the site is busy. Without JavaScript the browser shows this page with
// the form as it was sent (address, chosen topics, frequency, and the hidden fields that make it the same sign-up
// form), so pressing Subscribe again needs no retyping; a body that cannot be read gets the page without the form,
// whose Back button returns to the form as typed.
import { CONSENT_TEXT } from "@/lib/consent/consent-text";

export const BUSY_RETRY_AFTER_SECONDS = 5;

const MAX_FIELDS = 100;
const MAX_VALUE = 2_000;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(form: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Busy right now - Paperboy</title></head>
<body>
<main>
<h1>Busy right now</h1>
<p>Many people are signing up at this moment and your sign-up was not taken. Nothing was saved.</p>
${form}
</main>
</body>
</html>
`;
}

export const BUSY_PAGE = page(`<p>Please go back (your browser keeps what you typed in the form) and press Subscribe again in a few seconds.</p>
<p><a href="/">Back to the sign-up form</a></p>`);

/** The busy page with the sign-up form filled in from the fields that were posted (text fields only). */
export function busyPageWithForm(fields: [string, string][]): string {
  if (fields.length === 0 || fields.length > MAX_FIELDS || fields.some(([k, v]) => k.length > 200 || v.length > MAX_VALUE)) return BUSY_PAGE;
  const value = (name: string) => fields.find(([k]) => k === name)?.[1] ?? "";
  const topics = fields.filter(([k]) => k === "topics").map(([, v]) => v);
  const weekly = value("frequency") === "weekly";
  const hidden = fields
    .filter(([k]) => k.startsWith("$ACTION") || k === "stamp" || k === "website")
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("\n");
  const checkboxes = topics
    .map((t, i) => `<p><input type="checkbox" id="topic-${i}" name="topics" value="${escapeHtml(t)}" checked> <label for="topic-${i}">${escapeHtml(t)}</label></p>`)
    .join("\n");
  return page(`<p>Your sign-up is below as you sent it. Please press Subscribe again in a few seconds.</p>
<form method="post" action="/" enctype="multipart/form-data">
${hidden}
<p><label for="email">E-mail address</label> <input id="email" name="email" type="email" value="${escapeHtml(value("email"))}"></p>
<fieldset><legend>Topics</legend>
${checkboxes}
</fieldset>
<fieldset><legend>How often</legend>
<p><input type="radio" id="frequency-daily" name="frequency" value="daily"${weekly ? "" : " checked"}> <label for="frequency-daily">Daily</label></p>
<p><input type="radio" id="frequency-weekly" name="frequency" value="weekly"${weekly ? " checked" : ""}> <label for="frequency-weekly">Weekly</label></p>
</fieldset>
<p>${escapeHtml(CONSENT_TEXT)}</p>
<p><button type="submit">Subscribe</button></p>
</form>
<p><a href="/">Back to the sign-up form</a></p>`);
}
