// One subscriber: state, choices, the consent log and the recent deliveries, with the operator's actions.
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { RECENT_DELIVERIES, subscriberDetail } from "@/lib/admin/subscriber-admin";
import { requireOperator } from "../../current-operator";
import { when } from "../../when";

const RESULT: Record<string, { text: string; error?: boolean }> = {
  "unsubscribe=done": { text: "Unsubscribed. No more digests go to this address." },
  "unsubscribe=unchanged": { text: "Nothing changed: the subscriber was already unsubscribed." },
  "resend-confirmation=done": { text: "A new confirmation mail is queued. The subscriber stays pending until they press its button." },
  "resend-confirmation=not-pending": { text: "Not sent: only a pending subscriber gets a confirmation mail.", error: true },
  "resend-confirmation=sent-today": { text: "Not sent: a confirmation mail already went to this address in the last 24 hours.", error: true },
  "resend-confirmation=suppressed": { text: "Not sent: the address is suppressed.", error: true },
  "erase=unconfirmed": { text: "Not erased: tick the box to confirm the erasure.", error: true },
};

export default async function SubscriberPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const operator = await requireOperator();
  const { id } = await params;
  const query = await searchParams;
  const s = await subscriberDetail(db(), id);
  if (!s) notFound();
  const result = ["unsubscribe", "resend-confirmation", "erase"].map((k) => (query[k] ? RESULT[`${k}=${query[k]}`] : undefined)).find(Boolean);
  return (
    <main>
      <h1 className="break">Subscriber {s.email}</h1>
      {result ? (
        <div className={`notice ${result.error ? "error" : "success"}`} role={result.error ? "alert" : "status"}>
          <p>{result.text}</p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>State</dt>
        <dd>
          {s.status.toLowerCase()}
          {s.pausedUntil ? ` (paused until ${when(s.pausedUntil).slice(0, 10)})` : ""}
        </dd>
        <dt>Frequency</dt>
        <dd>
          {s.frequency}
          {s.pendingChoices ? " (a newer sign-up's choices wait for its confirmation)" : ""}
        </dd>
        <dt>Topics</dt>
        <dd>{s.topics.join(", ") || "none"}</dd>
        <dt>Signed up</dt>
        <dd>{when(s.createdAt)}</dd>
        <dt>Confirmed</dt>
        <dd>{when(s.confirmedAt) || "not yet"}</dd>
        {s.unsubscribedAt ? (
          <>
            <dt>Unsubscribed</dt>
            <dd>{when(s.unsubscribedAt)}</dd>
          </>
        ) : null}
        {s.status === "PENDING" ? (
          <>
            <dt>Last confirmation mail</dt>
            <dd>{when(s.lastConfirmationSentAt) || "none"}</dd>
          </>
        ) : null}
        <dt>Suppressed</dt>
        <dd>{s.suppression ? s.suppression.toLowerCase().replace("_", " ") : "no"}</dd>
        <dt>Id</dt>
        <dd>
          <code>{s.id}</code>
        </dd>
      </dl>
      <h2>Actions</h2>
      <p className="muted">Each action is recorded in the audit log.</p>
      <div className="actions">
        {s.status !== "UNSUBSCRIBED" ? (
          <form method="post" action={`/admin/subscribers/${s.id}/unsubscribe`}>
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <button type="submit">Unsubscribe</button>
          </form>
        ) : null}
        {s.status === "PENDING" ? (
          <form method="post" action={`/admin/subscribers/${s.id}/resend-confirmation`}>
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <button type="submit">Send the confirmation mail again</button>
          </form>
        ) : null}
      </div>
      <form method="post" action={`/admin/subscribers/${s.id}/erase`} className="danger">
        <input type="hidden" name="csrf" value={operator.csrfToken} />
        <div className="check">
          <input id="confirm-erase" name="confirm" type="checkbox" value="yes" required />{" "}
          <label htmlFor="confirm-erase">Erase this subscriber for good: the row, topics, consent log and deliveries go; only a hash of the address stays, so it is never mailed again unasked.</label>
        </div>
        <button type="submit">Erase</button>
      </form>
      <h2>Consent log</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">What</th>
            <th scope="col">From</th>
            <th scope="col">Topics</th>
            <th scope="col">Detail</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {s.consent.map((e, i) => (
            <tr key={i}>
              <td>{when(e.at)}</td>
              <td>{e.kind.toLowerCase().replace("_", " ")}</td>
              <td>{e.source}</td>
              <td>{e.topics.join(", ")}</td>
              <td className="break">{e.detail ?? ""}</td>
              <td className="break">{e.ip ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Recent deliveries</h2>
      {s.deliveries.length === 0 ? (
        <p>No digests yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">The latest {RECENT_DELIVERIES} digests</caption>
          <thead>
            <tr>
              <th scope="col">Edition</th>
              <th scope="col">Status</th>
              <th scope="col">Sent (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {s.deliveries.map((d, i) => (
              <tr key={i}>
                <td>
                  {d.frequency} {d.editionDate}
                </td>
                <td>{d.status.toLowerCase()}</td>
                <td>{when(d.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
