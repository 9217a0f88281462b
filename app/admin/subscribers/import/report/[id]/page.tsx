// The report of one import: counts, the rows skipped and the rows refused, by line.
import { notFound } from "next/navigation";
import { redis } from "@/lib/redis";
import { findImportReport } from "@/lib/admin/csv-import";
import { requireOperator } from "../../../../current-operator";
import { when } from "../../../../when";

export default async function ImportReportPage({ params }: { params: Promise<{ id: string }> }) {
  await requireOperator();
  const { id } = await params;
  const report = await findImportReport(redis(), id);
  if (!report) notFound();
  const count = (why: string) => report.skipped.filter((s) => s.why === why).length;
  return (
    <main>
      <h1>Import report</h1>
      <p className="muted">Imported {when(report.at)} UTC. This report is kept for a day; the audit log keeps the counts.</p>
      <table className="counts">
        <caption className="visually-hidden">Rows by outcome</caption>
        <tbody>
          <tr>
            <th scope="row">Rows in the file</th>
            <td className="num">{report.rows}</td>
          </tr>
          <tr>
            <th scope="row">Pending sign-ups</th>
            <td className="num" id="pending-count">{report.pending}</td>
          </tr>
          <tr>
            <th scope="row">Of these, confirmation mail already sent in the last day (not sent again)</th>
            <td className="num">{report.mailedToday.length}</td>
          </tr>
          <tr>
            <th scope="row">Already subscribed (left as they are)</th>
            <td className="num">{count("already subscribed")}</td>
          </tr>
          <tr>
            <th scope="row">Unsubscribed earlier (not invited again)</th>
            <td className="num">{count("unsubscribed earlier")}</td>
          </tr>
          <tr>
            <th scope="row">Suppressed (skipped)</th>
            <td className="num">{count("suppressed")}</td>
          </tr>
          <tr>
            <th scope="row">Bad rows (not imported)</th>
            <td className="num">{report.problems.length}</td>
          </tr>
        </tbody>
      </table>
      <h2>Bad rows</h2>
      {report.problems.length === 0 ? (
        <p>None.</p>
      ) : (
        <table id="bad-rows">
          <thead>
            <tr>
              <th scope="col" className="num">Line</th>
              <th scope="col">Why it was not imported</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p) => (
              <tr key={p.line}>
                <td className="num">{p.line}</td>
                <td className="break">{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Skipped rows</h2>
      {report.skipped.length === 0 ? (
        <p>None.</p>
      ) : (
        <table id="skipped-rows">
          <thead>
            <tr>
              <th scope="col" className="num">Line</th>
              <th scope="col">Skipped because</th>
            </tr>
          </thead>
          <tbody>
            {report.skipped.map((s) => (
              <tr key={s.line}>
                <td className="num">{s.line}</td>
                <td>{s.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.mailedToday.length ? (
        <p>
          Pending, with this day&apos;s confirmation mail already sent: line{report.mailedToday.length > 1 ? "s" : ""} {report.mailedToday.join(", ")}.
        </p>
      ) : null}
      <p>
        <a href="/admin/subscribers/import">Import another file</a>
      </p>
    </main>
  );
}
