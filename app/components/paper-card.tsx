// One paper as on the Daily Papers page: upvotes, title, abstract, links (arXiv, PDF, Hugging Face, code) and the
// topics with the reason each was given. Everything is text, so React escapes it; nothing from a paper is HTML.
import type { PaperCard as Paper } from "@/lib/papers/list-papers";
import { readerReason } from "@/lib/topics/reader-reason";
import "./paper-card.css";

const FOLD_AT = 280;

/** Splits an abstract at a word boundary near FOLD_AT: the part shown and the part behind "more". */
export function foldAbstract(text: string): [string, string] {
  if (text.length <= FOLD_AT + 80) return [text, ""];
  const cut = text.lastIndexOf(" ", FOLD_AT);
  const at = cut > FOLD_AT / 2 ? cut : FOLD_AT;
  return [text.slice(0, at), text.slice(at).trimStart()];
}

/** "fold" shows the start of the abstract and the rest behind a <details> "more" (works without JavaScript). */
export function PaperCard({ paper, abstract = "full" }: { paper: Paper; abstract?: "full" | "short" | "fold" | "none" }) {
  const summary = abstract === "short" && paper.summary.length > 280 ? `${paper.summary.slice(0, 277).trimEnd()}…` : paper.summary;
  const [head, tail] = abstract === "fold" ? foldAbstract(paper.summary) : [summary, ""];
  return (
    <article className="paper" id={`paper-${paper.id}`}>
      <p className="paper-votes">
        <span aria-hidden="true">▲ {paper.upvotes}</span>
        <span className="visually-hidden">{`${paper.upvotes} upvote${paper.upvotes === 1 ? "" : "s"}`}</span>
      </p>
      <div className="paper-body">
        <h3 className="paper-title">
          <a href={paper.links.hf}>{paper.title}</a>
        </h3>
        {paper.authors.length > 0 && (
          <p className="paper-authors">
            {paper.authors.slice(0, 6).join(", ")}
            {paper.authors.length > 6 ? ` and ${paper.authors.length - 6} more` : ""}
          </p>
        )}
        {abstract !== "none" && <p className="paper-abstract">{tail ? `${head}…` : head}</p>}
        {tail && (
          <details className="paper-more">
            <summary>
              More<span className="visually-hidden"> of the abstract of “{paper.title}”</span>
            </summary>
            <p className="paper-abstract">…{tail}</p>
          </details>
        )}
        <p className="paper-links">
          <a href={paper.links.abs}>arXiv</a> · <a href={paper.links.pdf}>PDF</a> · <a href={paper.links.hf}>Hugging Face</a>
          {paper.githubRepo && (
            <>
              {" · "}
              <a href={paper.githubRepo} rel="nofollow noopener">
                Code{paper.githubStars ? ` (★ ${paper.githubStars.toLocaleString("en")})` : ""}
              </a>
            </>
          )}
          {paper.projectPage && (
            <>
              {" · "}
              <a href={paper.projectPage} rel="nofollow noopener">
                Project page
              </a>
            </>
          )}
          {paper.numComments > 0 && ` · ${paper.numComments} comment${paper.numComments === 1 ? "" : "s"}`}
        </p>
        {paper.topics.length > 0 && (
          <ul className="paper-topics" aria-label="Topics">
            {paper.topics.map((t) => (
              <li key={t.slug} title={readerReason(t.reason)}>
                <a href={`/papers?topic=${t.slug}${paper.dailyDate ? `&date=${paper.dailyDate}` : ""}`}>{t.name}</a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}
