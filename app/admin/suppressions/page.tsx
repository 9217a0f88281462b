// Suppressions: how many addresses are suppressed and why, and a look-up by exact address (hashed: the list keeps
// only hashes, so it cannot be browsed as addresses).
import { db } from "@/lib/db";
import { suppressionCounts } from "@/lib/admin/suppression-admin";
import { requireOperator } from "../current-operator";

const NOTICE: Record<string, { text: string; error?: boolean }> = {
  "not-found": { text: "That address is not suppressed.", error: true },
  invalid: { text: "That is not an e-mail address. Type the whole address.", error: true },
  lifted: { text: "The suppression was lifted. Nothing else changed: the address may sign up again and must confirm." },
  gone: { text: "That suppression no longer exists.", error: true },
};

const REASON: Record<string, string> = {
  HARD_BOUNCE: "Hard bounce (the mailbox does not exist)",
  SOFT_BOUNCE: "Repeated soft bounces",
  COMPLAINT: "Spam complaint",
  ERASED: "Erased at the person's request",
};

export default async function SuppressionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const operator = await requireOperator();
  const query = await searchParams;
  const counts = await suppressionCounts(db());
  const notice = Object.keys(NOTICE).find((k) => query[k] !== undefined);
  return (
    <main>
      <h1>Suppressions</h1>
      {notice ? (
        <div className={`notice ${NOTICE[notice]!.error ? "error" : "success"}`} role={NOTICE[notice]!.error ? "alert" : "status"}>
          <p>{NOTICE[notice]!.text}</p>
        </div>
      ) : null}
      <p className="muted">Addresses that are never mailed unasked. Only a hash of each address is kept.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col" className="num">Addresses</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.reason}>
              <th scope="row">{REASON[c.reason]}</th>
              <td className="num">{c.count}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">All</th>
            <td className="num">{counts.reduce((a, c) => a + c.count, 0)}</td>
          </tr>
        </tbody>
      </table>
      <h2>Look up an address</h2>
      <form method="post" action="/admin/suppressions/find">
        <input type="hidden" name="csrf" value={operator.csrfToken} />
        <div className="field">
          <label htmlFor="email">E-mail address</label>
          <input id="email" name="email" type="email" autoComplete="off" required maxLength={254} />
        </div>
        <button type="submit">Look up</button>
      </form>
    </main>
  );
}
