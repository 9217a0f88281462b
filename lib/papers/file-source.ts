// The recorded responses in data/recorded/ (the demo and the tests use them; these machines cannot reach HF or
// arXiv). The HF file is a JSON array of daily_papers items from several days; the arXiv file an Atom feed.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArxivAtom } from "@/lib/papers/arxiv-atom";
import type { ArxivMeta } from "@/lib/papers/paper-input";
import type { ArxivLookup, PaperSource } from "@/lib/papers/sources";

export const RECORDED_ARXIV_FILE = "data/recorded/arxiv-query.xml";

function itemDay(item: unknown): string | undefined {
  const s = (item as { paper?: { submittedOnDailyAt?: unknown } } | null)?.paper?.submittedOnDailyAt;
  return typeof s === "string" ? s.slice(0, 10) : undefined;
}

/** Pages of `pageSize` items from a recorded HF response, optionally only one Daily Papers date. */
export function fileSource(file: string, options: { date?: string; pageSize?: number } = {}): PaperSource {
  const pageSize = options.pageSize ?? 50;
  return {
    name: "file",
    async *pages() {
      const data: unknown = JSON.parse(await readFile(path.resolve(file), "utf8"));
      if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array of Hugging Face daily_papers items`);
      const items = options.date ? data.filter((it) => itemDay(it) === options.date) : data;
      for (let i = 0; i < items.length; i += pageSize) {
        yield { page: i / pageSize + 1, items: items.slice(i, i + pageSize), listDate: options.date };
      }
    },
  };
}

/** An ArxivLookup over a recorded Atom feed. */
export function fileArxivLookup(file: string = RECORDED_ARXIV_FILE): ArxivLookup {
  let entries: Promise<ArxivMeta[]> | undefined;
  const load = () => (entries ??= readFile(path.resolve(file), "utf8").then((xml) => parseArxivAtom(xml).entries));
  return {
    async byIds(ids) {
      const wanted = new Set(ids);
      return new Map((await load()).filter((e) => wanted.has(e.id)).map((e) => [e.id, e]));
    },
    async recent(categories, max) {
      const cats = new Set(categories);
      const all = await load();
      return all
        .filter((e) => e.categories.some((c) => cats.has(c)))
        .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0))
        .slice(0, max);
    },
  };
}
