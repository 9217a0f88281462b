// The console's dashboard: subscribers, the last 30 days, today's and recent editions with bounce and complaint
// figures, the next scheduled editions and ingest.
import { db } from "@/lib/db";
import { sql } from "@/lib/digest/pg-pool";
import { dashboard, SUBSCRIBER_STATES } from "@/lib/admin/dashboard";
import { FREQUENCIES } from "@/lib/digest/frequency";
import { requireOperator } from "./current-operator";
import { DailyChart } from "./daily-chart";
import { EditionTable } from "./edition-table";
import { LiveRefresh } from "./live-refresh";

const LIVE_REFRESH_SECONDS = 5;

export default async function DashboardPage() {
  await requireOperator();
  const d = await dashboard(db(), sql());
  const count = (status: string, frequency: string) => d.subscribers.find((s) => s.status === status && s.frequency === frequency)?.count ?? 0;
  return (
    <main>
      <h1>Dashboard</h1>
      {d.live ? <LiveRefresh seconds={LIVE_REFRESH_SECONDS} /> : null}
      <h2>Subscribers</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">State</th>
            {FREQUENCIES.map((f) => (
              <th key={f} scope="col" className="num">
                {f.toLowerCase()}
              </th>
            ))}
            <th scope="col" className="num">all</th>
          </tr>
        </thead>
        <tbody>
          {SUBSCRIBER_STATES.map((s) => (
            <tr key={s}>
              <th scope="row">{s.toLowerCase()}</th>
              {FREQUENCIES.map((f) => (
                <td key={f} className="num">
                  {count(s, f)}
                </td>
              ))}
              <td className="num">{FREQUENCIES.reduce((a, f) => a + count(s, f), 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>The last 30 days</h2>
      <DailyChart days={d.days} />
      <h2>Today ({d.today})</h2>
      <EditionTable editions={d.todaysEditions} caption="Today's editions" />
      <h2>Recent editions</h2>
      <p>
        Bounced: {d.bounced} · unknown outcome: {d.unknown} (over the editions shown).
      </p>
      <p>
        Reported in the last 30 days: {d.reported.hard} hard bounces · {d.reported.soft} soft bounces · {d.reported.complaints} spam
        complaints.
      </p>
      <EditionTable editions={d.recentEditions} caption="Recent editions" />
      <h2>Next scheduled editions</h2>
      <ul>
        {d.nextEditions.map((n) => (
          <li key={n.frequency}>
            {n.frequency.toLowerCase()}: {n.label}
          </li>
        ))}
        <li>
          paper ingest:{" "}
          {d.nextIngest === "none"
            ? "not scheduled (no worker has started: npm run worker)"
            : d.nextIngest === "unknown"
              ? "unknown (Redis cannot be reached)"
              : `${d.nextIngest.toISOString().slice(0, 16).replace("T", " ")} UTC`}
        </li>
      </ul>
    </main>
  );
}
