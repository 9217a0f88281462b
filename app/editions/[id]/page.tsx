// "View in browser" for a digest edition (the link in every digest's footer), and the pages of the archive
// (/editions). Dynamic: rendered per request. It ends with a way to subscribe and a way home.
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { db } from "@/lib/db";
import { editionView } from "@/lib/digest/edition-view";
import { upvotesText, type DigestPaperCard } from "@/lib/digest/digest-paper-card";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Paperboy digest", robots: { index: false } };

function Card({ p }: { p: DigestPaperCard }) {
  return (
    <article className="edition-paper">
      <h3>
        <a href={p.url}>{p.title}</a>
      </h3>
      <p className="edition-meta">
        {`${p.authors} · `}
        <span aria-hidden="true">▲ </span>
        {`${upvotesText(p.upvotes)} · `}
        <a href={p.arxivUrl}>arXiv</a>
        {p.githubUrl ? (
          <>
            {" · "}
            <a href={p.githubUrl}>code</a>
          </>
        ) : null}
      </p>
      {p.reason ? <p className="edition-reason">{`Why: ${p.reason}`}</p> : null}
      {p.summary ? <p className="edition-summary">{p.summary}</p> : null}
    </article>
  );
}

export default async function EditionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ v?: string }> }) {
  const { id } = await params;
  const { v } = await searchParams;
  const view = await editionView(db(), id, typeof v === "string" ? v : undefined);
  if (!view) notFound();
  return (
    <main className="edition">
      <h1>{view.frequency === "WEEKLY" ? "Your week in papers" : "Trending today"}</h1>
      <p className="edition-date">{view.dateLabel}</p>
      <div className="card">
        {view.papers.length === 0 ? <p>No papers in this edition.</p> : view.papers.map((p) => <Card key={p.id} p={p} />)}
        {view.alsoTrending.length ? (
          <>
            <h2 className="edition-also">Also trending</h2>
            {view.alsoTrending.map((p) => (
              <Card key={p.id} p={p} />
            ))}
          </>
        ) : null}
      </div>
      <section className="card subscribe-cta" aria-labelledby="cta-heading">
        <h2 id="cta-heading">Get papers like these by e-mail</h2>
        <p>The research papers trending in the topics you choose, daily or weekly. Unsubscribe with one click.</p>
        <p>
          <a className="button-link" href="/">
            Subscribe on the home page
          </a>
        </p>
        <p>
          <a href="/editions">More past digests</a>
        </p>
      </section>
    </main>
  );
}
