// What ingest reads from: a source yields pages of raw Daily Papers items (validated later, item by item), and an
// arXiv lookup adds categories and versions. The HTTP clients and the recorded files implement the same interfaces.
import type { ArxivMeta } from "@/lib/papers/paper-input";

export interface SourcePage {
  /** 1-based page number, for the progress line. */
  page: number;
  items: unknown[];
  /** The Daily Papers date the page was fetched for, when the source knows it. */
  listDate?: string;
}

export interface PaperSource {
  name: "hf" | "file";
  pages(): AsyncIterable<SourcePage>;
}

export interface ArxivLookup {
  /** Metadata for these ids (missing ids are simply absent from the map). */
  byIds(ids: string[]): Promise<Map<string, ArxivMeta>>;
  /** The newest papers in these categories (for papers Hugging Face has not featured). */
  recent(categories: string[], max: number): Promise<ArxivMeta[]>;
}
