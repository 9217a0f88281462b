// Measures topic assignment against the hand-labelled seed papers (test/fixtures/labelled-papers.json):
// micro-averaged precision and recall over (paper, topic) pairs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { assignTopics, type TopicRule } from "@/lib/topics/assign-topics";
import { parseHfItem } from "@/lib/papers/hf-item";
import type { PaperInput } from "@/lib/papers/paper-input";
import { parseArxivAtom } from "@/lib/papers/arxiv-atom";
import { TAXONOMY } from "@/lib/topics/taxonomy";

const root = path.resolve(import.meta.dirname, "../..");

export function taxonomyRules(): TopicRule[] {
  return TAXONOMY.map((t, i) => ({ id: i + 1, slug: t.slug, keywords: t.keywords, arxivCategories: t.arxivCategories }));
}

/** The recorded seed papers with their recorded arXiv categories, as ingest would see them. */
export function recordedPapers(): (PaperInput & { arxivCategories: string[] })[] {
  const items = JSON.parse(readFileSync(path.join(root, "data/recorded/hf-daily-papers.json"), "utf8")) as unknown[];
  const feed = parseArxivAtom(readFileSync(path.join(root, "data/recorded/arxiv-query.xml"), "utf8"));
  const cats = new Map(feed.entries.map((e) => [e.id, e.categories]));
  return items.map((it) => {
    const r = parseHfItem(it, "file");
    if (!r.ok) throw new Error(`recorded item unreadable: ${r.reason}`);
    return { ...r.paper, arxivCategories: cats.get(r.paper.id) ?? [] };
  });
}

export interface Evaluation {
  labelled: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  errors: { title: string; extra: string[]; missing: string[] }[];
}

export function evaluateTopics(fixture = "test/fixtures/labelled-papers.json", rules: TopicRule[] = taxonomyRules()): Evaluation {
  const labels = (JSON.parse(readFileSync(path.join(root, fixture), "utf8")) as {
    papers: { title: string; topics: string[] }[];
  }).papers;
  const byTitle = new Map(recordedPapers().map((p) => [p.title, p]));
  let tp = 0, fp = 0, fn = 0;
  const errors: Evaluation["errors"] = [];
  for (const label of labels) {
    const paper = byTitle.get(label.title);
    if (!paper) throw new Error(`labelled paper not in the recorded data: ${label.title}`);
    const got = new Set(assignTopics(paper, rules).map((m) => m.slug));
    const want = new Set(label.topics);
    const extra = [...got].filter((s) => !want.has(s));
    const missing = [...want].filter((s) => !got.has(s));
    tp += [...got].filter((s) => want.has(s)).length;
    fp += extra.length;
    fn += missing.length;
    if (extra.length || missing.length) errors.push({ title: label.title, extra, missing });
  }
  return { labelled: labels.length, tp, fp, fn, precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1), errors };
}
