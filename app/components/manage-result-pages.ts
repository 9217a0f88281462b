// The pages the preferences page's "papers I know" and "Preview" forms answer with (they show a result that has no
// place in a redirect's query string, which would carry paper ids and muted words into access logs).
import { escapeHtml, htmlPage } from "@/app/components/plain-html-page";
import type { KnownPapersReport } from "@/lib/feedback/known-papers";
import type { KnownPapersForm } from "@/lib/feedback/known-papers-form";
import type { FiltersPreview } from "@/lib/feedback/preview-filters";
import { paperLinks } from "@/lib/papers/list-papers";

const managePath = (token: string) => `/manage/${encodeURIComponent(token)}`;

function list(heading: string, id: string, items: string[]): string {
  if (!items.length) return "";
  return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(heading)}</h2><ul id="${id}-list">${items.map((i) => `<li>${i}</li>`).join("")}</ul></section>`;
}

const paperItem = (p: { id: string; title: string }) =>
  `<a href="${escapeHtml(paperLinks(p.id).abs)}">${escapeHtml(p.id)}</a>: ${escapeHtml(p.title)}`;

export function knownPapersReportPage(token: string, form: KnownPapersForm, report: KnownPapersReport): Response {
  const problems = [
    ...form.bibtexProblems.map((p) => escapeHtml(`BibTeX entry ${p.key ? `"${p.key}"` : "without a key"} at line ${p.line}: ${p.message}. It was skipped.`)),
    ...form.entriesWithoutId.map((k) => escapeHtml(`BibTeX entry "${k}" names no arXiv id (no eprint, arxiv, url or doi field with one).`)),
    ...form.unrecognised.map((u) => escapeHtml(`"${u}" is not an arXiv id.`)),
  ];
  const body = [
    `<p>${report.added.length} added, ${report.alreadyKnown.length} already known, ${report.notFound.length} not found.</p>`,
    report.added.length ? "<p>Your next digests take the added papers into account.</p>" : "",
    list("Added", "known-added", report.added.map((p) => paperItem(p) + (p.fromArxiv ? " (fetched from arXiv)" : ""))),
    list("Already known", "known-already", report.alreadyKnown.map(paperItem)),
    list("Not found", "known-not-found", report.notFound.map((id) => escapeHtml(id))),
    report.arxivUnavailable && report.notFound.length
      ? "<p>We could not look these up on arXiv just now; you can try them again later.</p>"
      : "",
    problems.length ? `<div class="notice error" role="alert"><h2>Could not be read</h2><ul id="known-problems">${problems.map((p) => `<li>${p}</li>`).join("")}</ul></div>` : "",
    `<p><a href="${managePath(token)}">Back to your preferences</a></p>`,
  ].join("");
  return htmlPage("Papers you know", body);
}

export function knownPapersRejectedPage(token: string, status: 400 | 413, message: string): Response {
  return htmlPage("Papers you know", `<p role="alert">${escapeHtml(message)}</p><p><a href="${managePath(token)}">Back to your preferences</a></p>`, status);
}

const FIELDS = [
  ["muted-words", "Muted words", "mutedWords"],
  ["muted-authors", "Muted authors", "mutedAuthors"],
  ["followed-authors", "Authors you follow", "followedAuthors"],
] as const;

export function filtersPreviewPage(token: string, preview: Extract<FiltersPreview, { ok: true }>): Response {
  const { filters, next } = preview;
  const picks = next.picks.length
    ? `<ol id="preview-papers">${next.picks.map((p) => `<li><a href="${escapeHtml(p.card.links.abs)}">${escapeHtml(p.card.title)}</a><br><small>${escapeHtml(p.reason)}</small></li>`).join("")}</ol>`
    : `<p id="preview-empty">No papers would be picked${next.date ? "" : " yet: there are no papers so far"}.</p>`;
  const fields = FIELDS.map(
    ([name, label, key]) =>
      `<div class="field"><label for="${name}">${label}</label><textarea id="${name}" name="${name}" rows="3">${escapeHtml(filters[key].join("\n"))}</textarea></div>`,
  ).join("");
  const body = `<p>Not saved yet. With these settings, your next digest${next.date ? ` (papers of ${escapeHtml(next.date)})` : ""} would show:</p>
${picks}
<form action="${managePath(token)}/filters" method="post">${fields}
<button type="submit">Save these settings</button>
<button type="submit" class="secondary" formaction="${managePath(token)}/preview">Preview again</button>
</form>
<p><a href="${managePath(token)}">Back to your preferences without saving</a></p>`;
  return htmlPage("Preview of your next digest", body);
}
