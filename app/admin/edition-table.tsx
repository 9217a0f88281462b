// Editions with their progress (counts by delivery state), shared by the dashboard and the editions page.
import type { EditionStatus } from "@/lib/digest/status";

export function EditionTable({ editions, caption }: { editions: EditionStatus[]; caption: string }) {
  if (editions.length === 0) return <p>{caption}: none.</p>;
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Edition</th>
          <th scope="col">State</th>
          <th scope="col">Progress</th>
          <th scope="col" className="num">Sent</th>
          <th scope="col" className="num">Waiting</th>
          <th scope="col" className="num">Bounced</th>
          <th scope="col" className="num">Failed</th>
          <th scope="col" className="num">Unknown</th>
          <th scope="col" className="num">Skipped</th>
        </tr>
      </thead>
      <tbody>
        {editions.map((e) => (
          <tr key={e.id}>
            <td className="nowrap">
              <a href={`/admin/editions/${e.id}`}>
                {e.frequency.toLowerCase()} {e.date}
              </a>
            </td>
            <td>{e.status.toLowerCase().replace("_", " ")}</td>
            <td>
              <progress value={e.finished} max={Math.max(1, e.total)} aria-label={`${e.frequency.toLowerCase()} ${e.date}: ${e.finished} of ${e.total} settled`} /> {e.finished}/{e.total}
            </td>
            <td className="num">{e.counts.SENT ?? 0}</td>
            <td className="num">{(e.counts.PENDING ?? 0) + (e.counts.SENDING ?? 0)}</td>
            <td className="num">{e.counts.BOUNCED ?? 0}</td>
            <td className="num">{e.counts.FAILED ?? 0}</td>
            <td className="num">{e.counts.UNKNOWN ?? 0}</td>
            <td className="num">{e.counts.SKIPPED ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
