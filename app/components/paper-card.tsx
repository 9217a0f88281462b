// One paper as on the Daily Papers page: upvotes, title, abstract, links (arXiv, PDF, Hugging Face, code) and the
// topics with the reason each was given. Everything is text, so React escapes it; nothing from a paper is HTML.
import type { PaperCard as Paper } from "@/lib/papers/list-papers";
import { readerReason } from "@/lib/topics/reader-reason";
import { foldAbstract } from "@/lib/papers/fold-abstract";
import "./paper-card.css";

/** The abstract folded behind "More": a <details>, so it opens without JavaScript and from the keyboard. */
function FoldedAbstract({ text, title }: { text: string; title: string }) {
  const { lead, rest, midSentence } = foldAbstract(text);
  if (!rest) return <p className="paper-abstract">{text}</p>;
  return (
    <div className="paper-abstract">
      <p>{midSentence ? `${lead}…` : lead}</p>
      <details className="paper-more">
        <summary>
          More<span className="visually-hidden"> of the abstract of “{title}”</span>
        </summary>
        <p>{midSentence ? `…${rest}` : rest}</p>
      </details>
    </div>
  );
}

export function PaperCard({ paper, abstract = "full" }: { paper: Paper; abstract?: "full" | "folded" | "short" | "none" }) {
  const summary = abstract === "short" && paper.summary.length > 280 ? `${paper.summary.slice(0, 277).trimEnd()}…` : paper.summary;
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
        {abstract === "folded" ? (
          <FoldedAbstract text={paper.summary} title={paper.title} />
        ) : (
          abstract !== "none" && <p className="paper-abstract">{summary}</p>
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
