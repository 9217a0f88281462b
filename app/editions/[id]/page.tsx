// "View in browser" for a digest edition (the link at the top of every digest). Dynamic: rendered per request.
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { db } from "@/lib/db";
import { editionView } from "@/lib/digest/edition-view";
import type { PaperCardProps } from "@/emails/components/paper-card";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Paperboy digest", robots: { index: false } };

function Card({ p }: { p: PaperCardProps }) {
  return (
    <article style={{ padding: "12px 0", borderBottom: "1px solid #e5e7eb" }}>
      <h3 style={{ margin: "0 0 4px", fontSize: 17 }}>
        <a href={p.url}>{p.title}</a>
      </h3>
      <p style={{ margin: "0 0 4px", color: "#6b7280", fontSize: 13 }}>
        {`${p.authors} · ▲ ${p.upvotes} · `}
        <a href={p.arxivUrl}>arXiv</a>
        {p.githubUrl ? (
          <>
            {" · "}
            <a href={p.githubUrl}>code</a>
          </>
        ) : null}
      </p>
      {p.reason ? <p style={{ margin: "0 0 4px", color: "#1d4ed8", fontSize: 13 }}>{`Why: ${p.reason}`}</p> : null}
      {p.summary ? <p style={{ margin: 0 }}>{p.summary}</p> : null}
    </article>
  );
}

export default async function EditionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ v?: string }> }) {
  const { id } = await params;
  const { v } = await searchParams;
  const view = await editionView(db(), id, typeof v === "string" ? v : undefined);
  if (!view) notFound();
  return (
    <main style={{ maxWidth: 680, margin: "0 auto", padding: 24, fontFamily: "system-ui, sans-serif" }}>
      <h1 style={{ marginBottom: 4 }}>{view.frequency === "WEEKLY" ? "Your week in papers" : "Trending today"}</h1>
      <p style={{ color: "#6b7280", marginTop: 0 }}>{view.dateLabel}</p>
      {view.papers.length === 0 ? <p>No papers in this edition.</p> : view.papers.map((p) => <Card key={p.id} p={p} />)}
      {view.alsoTrending.length ? (
        <>
          <h2>Also trending</h2>
          {view.alsoTrending.map((p) => (
            <Card key={p.id} p={p} />
          ))}
        </>
      ) : null}
    </main>
  );
}
