// Papers and ingest: the source in use, what the ingest queue holds, "ingest now", and the last runs with their counts.
import { db } from "@/lib/db";
import { ingestOverview } from "@/lib/admin/ingest-admin";
import { requireOperator } from "../current-operator";

const RESULT: Record<string, { text: string; kind: "success" | "error" }> = {
  queued: { text: "An ingest is queued; a worker picks it up shortly. Reload to see it here.", kind: "success" },
  busy: { text: "Nothing queued: an ingest is already waiting or running.", kind: "error" },
};

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) : "");

export default async function IngestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const operator = await requireOperator();
  const query = await searchParams;
  const o = await ingestOverview(db());
  const result = typeof query.now === "string" ? RESULT[query.now] : undefined;
  return (
    <main>
      <h1>Papers and ingest</h1>
      {result ? (
        <div className={`notice ${result.kind}`} role={result.kind === "error" ? "alert" : "status"}>
          <p>{result.text}</p>
        </div>
      ) : null}
      <p>
        Source in use: {o.source.description} (PAPERS_SOURCE={o.source.source}), every {o.source.everyMinutes} minutes. {o.papers} papers stored.
      </p>
      <p>
        Ingest queue now: {o.running} running, {o.queued} waiting.
      </p>
      <div className="actions">
        <form method="post" action="/admin/ingest/now">
          <input type="hidden" name="csrf" value={operator.csrfToken} />
          <button type="submit">Ingest now</button>
        </form>
      </div>
      <h2>Last runs</h2>
      {o.runs.length === 0 ? (
        <p>No ingest has run yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Started (UTC)</th>
              <th scope="col">Source</th>
              <th scope="col">By</th>
              <th scope="col">State</th>
              <th scope="col" className="num">Fetched</th>
              <th scope="col" className="num">New</th>
              <th scope="col" className="num">Updated</th>
              <th scope="col" className="num">Unchanged</th>
              <th scope="col" className="num">Skipped</th>
              <th scope="col">Why skipped, errors</th>
            </tr>
          </thead>
          <tbody>
            {o.runs.map((r) => (
              <tr key={r.id}>
                <td>{when(r.startedAt)}</td>
                <td>
                  {r.source}
                  {r.listDate ? ` ${r.listDate}` : ""}
                </td>
                <td>{r.trigger}</td>
                <td>{r.status.toLowerCase()}</td>
                <td className="num">{r.fetched}</td>
                <td className="num">{r.new}</td>
                <td className="num">{r.updated}</td>
                <td className="num">{r.unchanged}</td>
                <td className="num">{r.skipped}</td>
                <td className="break">
                  {r.skippedWhy.length ? (
                    <ul className="plain">
                      {r.skippedWhy.map((s, i) => (
                        <li key={i}>
                          {s.id ?? "no id"}: {s.reason}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {r.arxivErrors.length ? <p>arXiv lookup failed: {r.arxivErrors.join("; ")}</p> : null}
                  {r.error ? <p>Failed: {r.error}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
