// The audit log: every operator action, newest first.
import { db } from "@/lib/db";
import { listAudit } from "@/lib/admin/admin-store";
import { requireOperator } from "../current-operator";

export default async function AuditPage() {
  await requireOperator();
  const rows = await listAudit(db(), { limit: 200 });
  return (
    <main>
      <h1>Audit log</h1>
      <p className="muted">Every operator action, newest first (the latest 200). The log cannot be edited or deleted.</p>
      {rows.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">On what</th>
              <th scope="col">From where</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td className="break">{r.actor}</td>
                <td>
                  {r.action}
                  {r.detail ? <span className="muted"> ({r.detail})</span> : null}
                </td>
                <td className="break">{r.target ?? ""}</td>
                <td className="break">{r.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
