// One edition: state, counts by delivery state, its distinct paper lists, pause or resume, a test mail to the
// operator, and a look at what one reader gets.
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { sql } from "@/lib/digest/pg-pool";
import { DELIVERY_STATES, formatDuration, pausedBecause } from "@/lib/digest/status";
import { editionDetail } from "@/lib/admin/dashboard";
import { requireOperator } from "../../current-operator";
import { LiveRefresh } from "../../live-refresh";

const RESULT: Record<string, string> = {
  "pause=done": "The edition is paused: nothing more is sent until you resume it.",
  "pause=unchanged": "Nothing changed: only an edition that is sending can be paused.",
  "resume=done": "The edition sends again. Waiting deliveries are picked up by the workers.",
  "resume=unchanged": "Nothing changed: only a paused edition can be resumed.",
  "test=queued": "A test of the list is on its way to your address.",
  "test=no-list": "This edition has no paper list yet: nothing to send.",
  "preview=not-found": "No subscriber has that exact address.",
};

export default async function EditionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const operator = await requireOperator();
  const { id } = await params;
  const query = await searchParams;
  const detail = await editionDetail(db(), sql(), id);
  if (!detail) notFound();
  const { status: e, groups } = detail;
  const result = ["pause", "resume", "test", "preview"].map((k) => (query[k] ? RESULT[`${k}=${query[k]}`] : undefined)).find(Boolean);
  return (
    <main>
      <h1>
        {e.frequency === "WEEKLY" ? "Weekly" : "Daily"} edition {e.date}
      </h1>
      {e.status === "SENDING" || e.status === "FANNING_OUT" ? <LiveRefresh seconds={5} /> : null}
      {result ? (
        <div className={`notice ${query.preview ? "error" : "success"}`} role="status">
          <p>{result}</p>
        </div>
      ) : null}
      <p>
        State: <strong>{e.status.toLowerCase().replace("_", " ")}</strong>
        {e.status === "PAUSED" ? ` (${pausedBecause(e)})` : ""}. {e.finished} of {e.total} deliveries settled
        {e.status === "SENDING" ? `; ETA ${formatDuration(e.etaSeconds)}` : ""}.
      </p>
      {e.stuck ? (
        <div className="notice error" role="alert">
          <p>
            Stuck: {e.stuck.why}. Run: <code>{e.stuck.run}</code>
          </p>
        </div>
      ) : null}
      <div className="actions">
        {e.status === "SENDING" ? (
          <form method="post" action={`/admin/editions/${e.id}/pause`}>
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <button type="submit">Pause sending</button>
          </form>
        ) : null}
        {e.status === "PAUSED" ? (
          <form method="post" action={`/admin/editions/${e.id}/resume`}>
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <button type="submit">Resume sending</button>
          </form>
        ) : null}
      </div>
      <h2>Try it</h2>
      <div className="actions">
        {groups.length ? (
          <form method="post" action={`/admin/editions/${e.id}/test-mail`}>
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <label htmlFor="test-list">Paper list</label>{" "}
            <select id="test-list" name="list" defaultValue={groups[0]!.contentKey}>
              {groups.map((g, i) => (
                <option key={g.contentKey} value={g.contentKey}>
                  List {i + 1} ({g.readers} readers)
                </option>
              ))}
            </select>{" "}
            <button type="submit">Send a test of this edition to me</button>
          </form>
        ) : null}
        <form method="post" action={`/admin/editions/${e.id}/preview`}>
          <input type="hidden" name="csrf" value={operator.csrfToken} />
          <label htmlFor="preview-email">A reader&apos;s exact address</label>{" "}
          <input id="preview-email" name="email" type="email" required autoComplete="off" />{" "}
          <button type="submit">Preview what they get</button>
        </form>
      </div>
      <h2>Deliveries by state</h2>
      <table>
        <thead>
          <tr>
            {DELIVERY_STATES.map((s) => (
              <th key={s} scope="col" className="num">
                {s.toLowerCase()}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {DELIVERY_STATES.map((s) => (
              <td key={s} className="num">
                {e.counts[s] ?? 0}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <h2>Paper lists</h2>
      <p className="muted">Readers with the same topics get the same list of papers; each list has one web copy.</p>
      {groups.length === 0 ? (
        <p>No paper lists yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col" className="num">Readers</th>
              <th scope="col">Web copy</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <tr key={g.contentKey}>
                <td>List {i + 1}</td>
                <td className="num">{g.readers}</td>
                <td>
                  <a href={g.viewUrl}>View list {i + 1} in the browser</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
