// The CSV import form: a file upload (works without JavaScript). What the file must look like, and what happens.
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/admin/csv-import";
import { requireOperator } from "../../current-operator";

export default async function ImportPage() {
  const operator = await requireOperator();
  return (
    <main>
      <h1>Import subscribers</h1>
      <p>
        Every good row becomes a <strong>pending</strong> sign-up and gets the usual confirmation mail: nobody receives a digest until they press its
        button. Addresses already subscribed are left as they are; suppressed addresses and addresses that unsubscribed earlier are skipped.
      </p>
      <p>The file: CSV (UTF-8), at most {MAX_IMPORT_BYTES / 1_000_000} MB and {MAX_IMPORT_ROWS} rows, with these columns (a header line is optional):</p>
      <ul>
        <li>
          <code>address</code>: the e-mail address
        </li>
        <li>
          <code>topics</code>: topic short names, separated by <code>;</code> or spaces
        </li>
        <li>
          <code>frequency</code>: <code>daily</code> or <code>weekly</code> (optional; daily when left out)
        </li>
      </ul>
      <p className="muted">Bad rows are reported by line with the reason; the good rows go in. The import is recorded in the audit log.</p>
      <form method="post" action="/admin/subscribers/import/upload" encType="multipart/form-data">
        <input type="hidden" name="csrf" value={operator.csrfToken} />
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">Import</button>
      </form>
    </main>
  );
}
