// POST (multipart): imports the uploaded CSV (audited), then to its report. A body over the limit gets a 413 before
// anything is read, a file that cannot be read a 400, each page saying what to do.
import { escapeHtml, htmlPage } from "@/app/components/plain-html-page";
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { importSubscribersCsv, MAX_IMPORT_BYTES } from "@/lib/admin/csv-import";
import { subscriberDeps } from "@/lib/subscribers/deps";

// The form's fields and multipart framing around the file.
const FRAMING_BYTES = 16_384;

const problemPage = (status: number, message: string) =>
  htmlPage(status === 413 ? "The file is too large" : "The file could not be imported", `<p>${escapeHtml(message)}</p><p><a href="/admin/subscribers/import">Back to the import</a></p>`, status);

export async function POST(request: Request): Promise<Response> {
  const tooLarge = `Nothing was imported: the file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB. Split it into smaller files.`;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES + FRAMING_BYTES) return problemPage(413, tooLarge);
  return guardAction(request, db(), async ({ operator, form, client }) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return problemPage(400, "Nothing was imported: no file was sent, or it was empty. Choose a CSV file.");
    if (file.size > MAX_IMPORT_BYTES) return problemPage(413, tooLarge);
    const result = await importSubscribersCsv(new Uint8Array(await file.arrayBuffer()), operator, client, subscriberDeps());
    return result.ok ? `/admin/subscribers/import/report/${result.report.id}` : problemPage(400, `Nothing was imported. ${result.message}`);
  });
}
