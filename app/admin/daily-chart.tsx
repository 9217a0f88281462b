// Sign-ups, confirmations and unsubscribes per day as an SVG drawn on the server (no JavaScript), described for
// screen readers by its title and followed by the same figures as a table.
import type { DayCounts } from "@/lib/admin/dashboard";

const SERIES = [
  { key: "signups", label: "Sign-ups", colour: "#1d4ed8" },
  { key: "confirmations", label: "Confirmations", colour: "#047857" },
  { key: "unsubscribes", label: "Unsubscribes", colour: "#b91c1c" },
] as const;

const W = 720;
const H = 220;
const PAD = { left: 40, right: 10, top: 10, bottom: 28 };

export function DailyChart({ days }: { days: DayCounts[] }) {
  const max = Math.max(1, ...days.flatMap((d) => SERIES.map((s) => d[s.key])));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, days.length);
  const bar = Math.max(1, (slot - 2) / SERIES.length);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const totals = SERIES.map((s) => `${days.reduce((a, d) => a + d[s.key], 0)} ${s.label.toLowerCase()}`).join(", ");
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="daily-chart-title">
        <title id="daily-chart-title">{`Per day over the last ${days.length} days: ${totals}. The table below has each day's figures.`}</title>
        <line x1={PAD.left} y1={PAD.top + innerH} x2={W - PAD.right} y2={PAD.top + innerH} stroke="#6b7280" />
        <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end" fontSize="11" fill="#374151">
          {max}
        </text>
        <text x={PAD.left - 6} y={PAD.top + innerH} textAnchor="end" fontSize="11" fill="#374151">
          0
        </text>
        {days.map((d, i) => (
          <g key={d.day}>
            {SERIES.map((s, j) => (
              <rect key={s.key} x={PAD.left + i * slot + 1 + j * bar} y={y(d[s.key])} width={bar} height={PAD.top + innerH - y(d[s.key])} fill={s.colour} />
            ))}
            {(i % 7 === 0 && days.length - 1 - i >= 4) || i === days.length - 1 ? (
              <text x={PAD.left + i * slot + slot / 2} y={H - 8} textAnchor="middle" fontSize="11" fill="#374151">
                {d.day.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s.key}>
            <span className={`swatch ${s.key}`} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
      <details>
        <summary>The figures as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                {SERIES.map((s) => (
                  <td key={s.key} className="num">
                    {d[s.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
