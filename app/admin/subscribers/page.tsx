// Subscribers: a look-up by exact address (POSTed, so the address stays out of URLs and logs), and the way to the
// CSV import and export. There is deliberately no list to browse and no partial search.
import { requireOperator } from "../current-operator";

const NOTICE: Record<string, { text: string; error?: boolean }> = {
  "not-found": { text: "No subscriber has that address.", error: true },
  invalid: { text: "That is not an e-mail address. Type the whole address.", error: true },
  erased: { text: "The subscriber was erased. Only a hash of the address remains, in the suppression list." },
  gone: { text: "That subscriber no longer exists.", error: true },
};

export default async function SubscribersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const operator = await requireOperator();
  const query = await searchParams;
  const notice = Object.keys(NOTICE).find((k) => query[k] !== undefined);
  return (
    <main>
      <h1>Subscribers</h1>
      {notice ? (
        <div className={`notice ${NOTICE[notice]!.error ? "error" : "success"}`} role={NOTICE[notice]!.error ? "alert" : "status"}>
          <p>{NOTICE[notice]!.text}</p>
        </div>
      ) : null}
      <h2>Look up a subscriber</h2>
      <p className="muted">By the exact address only. The look-up is recorded in the audit log.</p>
      <form method="post" action="/admin/subscribers/find">
        <input type="hidden" name="csrf" value={operator.csrfToken} />
        <div className="field">
          <label htmlFor="email">E-mail address</label>
          <input id="email" name="email" type="email" autoComplete="off" required maxLength={254} />
        </div>
        <button type="submit">Look up</button>
      </form>
      <h2>Import and export</h2>
      <ul>
        <li>
          <a href="/admin/subscribers/import">Import addresses from a CSV file</a> (each gets the confirmation mail; nobody is subscribed without confirming)
        </li>
        <li>
          <a href="/admin/subscribers/export" download>
            Download the active subscribers as CSV
          </a>{" "}
          (recorded in the audit log)
        </li>
      </ul>
    </main>
  );
}
