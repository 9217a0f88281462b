// A reader's muted words, muted authors and followed authors (Prisma for the preferences page and the export, pg for
// the fan-out's pages). Personal data: exported, and removed with the subscriber (cascade).
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { NO_FILTERS, parseFilterList, type ReaderFilters } from "@/lib/feedback/reader-filters";

const KIND = { mutedWords: "MUTED_WORD", mutedAuthors: "MUTED_AUTHOR", followedAuthors: "FOLLOWED_AUTHOR" } as const;
const FIELD = { MUTED_WORD: "mutedWords", MUTED_AUTHOR: "mutedAuthors", FOLLOWED_AUTHOR: "followedAuthors" } as const;

export async function readFilters(db: Db, subscriberId: string): Promise<ReaderFilters> {
  const rows = await db.readerFilter.findMany({ where: { subscriberId }, orderBy: [{ createdAt: "asc" }, { value: "asc" }], select: { kind: true, value: true } });
  const out: ReaderFilters = { mutedWords: [], mutedAuthors: [], followedAuthors: [] };
  for (const r of rows) out[FIELD[r.kind]].push(r.value);
  return out;
}

/** From the preferences form: each field one entry a line. Null when a field is too long or has too many entries. */
export function parseFiltersForm(form: { get(name: string): unknown }): ReaderFilters | null {
  const mutedWords = parseFilterList(form.get("muted-words"));
  const mutedAuthors = parseFilterList(form.get("muted-authors"));
  const followedAuthors = parseFilterList(form.get("followed-authors"));
  if (!mutedWords || !mutedAuthors || !followedAuthors) return null;
  return { mutedWords, mutedAuthors, followedAuthors };
}

/** Replaces all three lists at once. False when the subscriber is gone. */
export async function replaceFilters(db: Db, subscriberId: string, filters: ReaderFilters): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true } }))) return false;
    await tx.readerFilter.deleteMany({ where: { subscriberId } });
    const data = (Object.keys(KIND) as (keyof typeof KIND)[]).flatMap((field) => filters[field].map((value) => ({ subscriberId, kind: KIND[field], value })));
    if (data.length) await tx.readerFilter.createMany({ data, skipDuplicates: true });
    return true;
  });
}

/** The filters of a page of subscribers; those without any are absent. */
export async function filtersOf(sql: Sql, subscriberIds: string[]): Promise<Map<string, ReaderFilters>> {
  const rows = await sql.query<{ s: string; kind: keyof typeof FIELD; value: string }>(
    `SELECT "subscriberId" AS s, kind::text AS kind, value FROM "ReaderFilter" WHERE "subscriberId" = ANY($1::uuid[]) ORDER BY "createdAt", value`,
    [subscriberIds],
  );
  const out = new Map<string, ReaderFilters>();
  for (const r of rows.rows) {
    let f = out.get(r.s);
    if (!f) out.set(r.s, (f = { mutedWords: [], mutedAuthors: [], followedAuthors: [] }));
    f[FIELD[r.kind]].push(r.value);
  }
  return out;
}

export { NO_FILTERS };
