// The preferences page's "Preview": the next digest's papers under muted words and authors the reader has typed but
// not saved. Reads only; the same form's "Save these settings" saves them.
import type { Db } from "@/lib/db";
import { nextPapersForReader, type NextPapers } from "@/lib/digest/next-papers-for-reader";
import { parseFiltersForm } from "@/lib/feedback/filters-store";
import type { ReaderFilters } from "@/lib/feedback/reader-filters";

export type FiltersPreview = { ok: true; filters: ReaderFilters; next: NextPapers } | { ok: false; code: "filters" | "not-found" };

export async function previewFilters(db: Db, subscriberId: string, form: { get(name: string): unknown }): Promise<FiltersPreview> {
  const filters = parseFiltersForm(form);
  if (!filters) return { ok: false, code: "filters" };
  const s = await db.subscriber.findUnique({
    where: { id: subscriberId },
    select: { frequency: true, topics: { select: { topicId: true }, orderBy: { topicId: "asc" } } },
  });
  if (!s) return { ok: false, code: "not-found" };
  const next = await nextPapersForReader(db, { subscriberId, frequency: s.frequency, topicIds: s.topics.map((t) => t.topicId) }, { filters });
  return { ok: true, filters, next };
}
