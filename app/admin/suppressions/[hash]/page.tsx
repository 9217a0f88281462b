// One suppression: its reason and date, and lifting it with a stated reason.
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { findSuppression, MAX_LIFT_REASON } from "@/lib/admin/suppression-admin";
import { requireOperator } from "../../current-operator";
import { when } from "../../when";

const REASON: Record<string, string> = {
  HARD_BOUNCE: "hard bounce",
  SOFT_BOUNCE: "repeated soft bounces",
  COMPLAINT: "spam complaint",
  ERASED: "erased at the person's request",
};

const ERROR: Record<string, string> = {
  "reason-missing": "Not lifted: say why the suppression is lifted.",
  "reason-invalid": `Not lifted: the reason must be one line of at most ${MAX_LIFT_REASON} characters.`,
};

export default async function SuppressionPage({ params, searchParams }: { params: Promise<{ hash: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const operator = await requireOperator();
  const { hash } = await params;
  const query = await searchParams;
  const entry = await findSuppression(db(), hash);
  if (!entry) notFound();
  const error = query.error ? ERROR[query.error] : undefined;
  return (
    <main>
      <h1>Suppressed address</h1>
      {error ? (
        <div className="notice error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>Reason</dt>
        <dd>{REASON[entry.reason]}</dd>
        <dt>Since (UTC)</dt>
        <dd>{when(entry.createdAt)}</dd>
        <dt>Hash</dt>
        <dd>
          <code>{entry.hash}</code>
        </dd>
      </dl>
      <h2>Lift the suppression</h2>
      <p>
        Lifting removes this entry and nothing else: no subscription is restored and nothing is sent. The address may then sign up again and must confirm.
        {entry.reason !== "ERASED" ? " Lift a bounce or complaint only when you know the address works again or the person asked." : ""}
      </p>
      <form method="post" action={`/admin/suppressions/${entry.hash}/lift`}>
        <input type="hidden" name="csrf" value={operator.csrfToken} />
        <div className="field">
          <label htmlFor="reason">Why (recorded in the audit log)</label>
          <input id="reason" name="reason" type="text" required maxLength={MAX_LIFT_REASON} />
        </div>
        <button type="submit">Lift the suppression</button>
      </form>
    </main>
  );
}
