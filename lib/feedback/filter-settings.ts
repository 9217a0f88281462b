// The preferences page's "What your digest shows" section: read the reader's filters, and save the form.
import { db as defaultDb, type Db } from "@/lib/db";
import { parseFiltersForm, readFilters, replaceFilters } from "@/lib/feedback/filters-store";
import type { ReaderFilters } from "@/lib/feedback/reader-filters";

export function filtersFor(subscriberId: string, db: Db = defaultDb()): Promise<ReaderFilters> {
  return readFilters(db, subscriberId);
}

export async function saveFilters(subscriberId: string, form: { get(name: string): unknown }, db: Db = defaultDb()): Promise<{ ok: true } | { ok: false; code: "filters" | "not-found" }> {
  const filters = parseFiltersForm(form);
  if (!filters) return { ok: false, code: "filters" };
  return (await replaceFilters(db, subscriberId, filters)) ? { ok: true } : { ok: false, code: "not-found" };
}
