// What one reader gets from this edition, and why: the recorded delivery, or the fan-out's pick for them now.
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { sql } from "@/lib/digest/pg-pool";
import { previewEditionFor, type PreviewPaper } from "@/lib/admin/edition-preview";
import { requireOperator } from "../../../../current-operator";

function PaperList({ papers }: { papers: PreviewPaper[] }) {
  return (
    <ol>
      {papers.map((p) => (
        <li key={p.id}>
          <a href={`https://arxiv.org/abs/${encodeURIComponent(p.id)}`}>{p.title}</a>
          {p.reason ? <div className="muted">{p.reason}</div> : null}
        </li>
      ))}
    </ol>
  );
}

export default async function ReaderPreviewPage({ params }: { params: Promise<{ id: string; subscriberId: string }> }) {
  await requireOperator();
  const { id, subscriberId } = await params;
  const preview = await previewEditionFor({ db: db(), sql: sql() }, id, subscriberId);
  if (!preview) notFound();
  const { edition, subscriber: s } = preview;
  return (
    <main>
      <h1>
        What {s.email} gets from the {edition.frequency === "WEEKLY" ? "weekly" : "daily"} edition {edition.date}
      </h1>
      <p>
        <a href={`/admin/editions/${edition.id}`}>Back to the edition</a>
      </p>
      <dl>
        <dt>State</dt>
        <dd>
          {s.status.toLowerCase()}, {s.frequency.toLowerCase()}
          {s.pausedUntil ? `, paused until ${s.pausedUntil}` : ""}
        </dd>
        <dt>Topics</dt>
        <dd>{s.topics.join(", ") || "none"}</dd>
        <dt>Shown</dt>
        <dd>
          {preview.source === "recorded"
            ? `Their delivery as the fan-out recorded it (${preview.deliveryStatus?.toLowerCase()}).`
            : "What the fan-out would pick for them now (nothing is written or sent)."}
        </dd>
      </dl>
      {preview.note ? (
        <div className="notice" role="status">
          <p>{preview.note}</p>
        </div>
      ) : null}
      {preview.papers.length ? (
        <>
          <h2>Their papers, and why</h2>
          <PaperList papers={preview.papers} />
        </>
      ) : null}
      {preview.alsoTrending.length ? (
        <>
          <h2>Also trending</h2>
          <PaperList papers={preview.alsoTrending} />
        </>
      ) : null}
    </main>
  );
}
