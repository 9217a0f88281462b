// Topic assignment: plain keyword evidence, explainable in one line ("matched 'speculative decoding'").
// Each topic's keywords are matched as whole phrases (case, hyphens and a plural "s" ignored) in the title, HF's
// ai_keywords and the abstract; the topic's arXiv categories add weaker evidence. Weights per keyword:
//   title 3, ai_keywords 2, abstract 1 (+1 if it recurs); a matching arXiv category adds 1 once.
// Overlapping keywords ("knowledge distillation" and "distillation") count once, at the strongest.
// A topic is assigned at a score >= 5: e.g. a title hit backed by the abstract or ai_keywords, or several distinct
// keywords across the text. Passing mentions ("evaluated on a dataset") are not enough. The threshold and weights
// were chosen on test/fixtures/labelled-papers.json (see test/unit/topics/topic-quality.test.ts for the figures).
// A paper nothing reaches still gets its best-scoring topic (the digest needs every paper somewhere), with a reason
// that says it is a weak match.

export interface TopicRule {
  id: number;
  slug: string;
  keywords: string[];
  arxivCategories: string[];
}

export interface PaperText {
  title: string;
  summary: string;
  aiKeywords: string[];
  arxivCategories: string[];
}

export interface TopicMatch {
  topicId: number;
  slug: string;
  score: number;
  reason: string;
}

export const ASSIGN_THRESHOLD = 5;
const W = { title: 3, aiKeywords: 2, abstract: 1, abstractRepeat: 1, category: 1 };

/** Lower-case, LaTeX and punctuation reduced to spaces: "Chain-of-Thought" and "chain of thought" match alike. */
export function normalise(s: string): string {
  return ` ${s
    .toLowerCase()
    .replace(/\$[^$]*\$/g, " ")
    .replace(/\\[a-z]+/g, " ")
    .replace(/[^a-z0-9+#]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()} `;
}

const patternCache = new Map<string, RegExp>();
function pattern(keyword: string): RegExp | undefined {
  const k = normalise(keyword).trim();
  if (!k) return undefined;
  let re = patternCache.get(k);
  if (!re) {
    const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // A plural or possessive "s"/"es" still matches ("agents" for "agent"); nothing else does ("rlhf" not in "rl").
    re = new RegExp(` ${escaped}(?:s|es)?(?= )`, "g");
    patternCache.set(k, re);
  }
  re.lastIndex = 0;
  return re;
}

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  return text.match(re)?.length ?? 0;
}

export function scoreTopic(rule: TopicRule, paper: PaperText, prepared = prepare(paper)): { score: number; hits: string[]; categories: string[] } {
  let score = 0;
  const hits: { keyword: string; norm: string; weight: number }[] = [];
  for (const keyword of rule.keywords) {
    const re = pattern(keyword);
    if (!re) continue;
    let weight = 0;
    if (count(re, prepared.title)) weight += W.title;
    if (count(re, prepared.aiKeywords)) weight += W.aiKeywords;
    const inAbstract = count(re, prepared.summary);
    if (inAbstract) weight += W.abstract + (inAbstract > 1 ? W.abstractRepeat : 0);
    if (weight) hits.push({ keyword, norm: normalise(keyword), weight });
  }
  // Overlapping keywords count once: "machine translation" and "translation", "prompt-tuning" and "prompt tuning".
  // The strongest of a group of overlapping hits stands for the group.
  const distinct: typeof hits = [];
  for (const h of [...hits].sort((a, b) => b.weight - a.weight || b.norm.length - a.norm.length)) {
    if (!distinct.some((d) => d.norm.includes(h.norm) || h.norm.includes(d.norm))) distinct.push(h);
  }
  score = distinct.reduce((sum, h) => sum + h.weight, 0);
  const cats = rule.arxivCategories.filter((c) => paper.arxivCategories.includes(c));
  if (cats.length) score += W.category;
  distinct.sort((a, b) => b.weight - a.weight);
  hits.splice(0, hits.length, ...distinct);
  return { score, hits: hits.map((h) => h.keyword), categories: cats };
}

function prepare(paper: PaperText) {
  return { title: normalise(paper.title), summary: normalise(paper.summary), aiKeywords: paper.aiKeywords.map(normalise).join(" | ") };
}

function reasonText(hits: string[], categories: string[]): string {
  const parts: string[] = [];
  if (hits.length) parts.push(`matched ${hits.slice(0, 3).map((h) => `'${h}'`).join(", ")}`);
  if (categories.length) parts.push(`arXiv ${categories.join(", ")}`);
  return parts.join("; ");
}

export function assignTopics(paper: PaperText, rules: TopicRule[]): TopicMatch[] {
  const prepared = prepare(paper);
  const scored = rules.map((rule) => ({ rule, ...scoreTopic(rule, paper, prepared) }));
  const matches = scored
    .filter((s) => s.score >= ASSIGN_THRESHOLD)
    .map((s) => ({ topicId: s.rule.id, slug: s.rule.slug, score: s.score, reason: reasonText(s.hits, s.categories) }));
  if (matches.length === 0) {
    const best = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score)[0];
    if (best) matches.push({ topicId: best.rule.id, slug: best.rule.slug, score: best.score, reason: `weak match: ${reasonText(best.hits, best.categories)}` });
  }
  return matches.sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug));
}
