// A paper as a sparse TF-IDF vector over hashed features, and a reader's profile as a Rocchio combination of the
// papers they liked, saved and disliked. Pure: the stores feed it rows, the fan-out and the evaluation call it.
// Features: words and word pairs of the title (counted twice) and abstract, HF's ai_keywords as whole phrases,
// arXiv categories and authors, each kind in its own namespace, hashed (FNV-1a) into 2^18 buckets so that no
// vocabulary has to be stored or kept in step with new papers.
import { normalise } from "@/lib/topics/assign-topics";

export const FEATURE_BITS = 18;
const FEATURE_MASK = (1 << FEATURE_BITS) - 1;
/** Features a stored profile keeps (the strongest by absolute weight): enough for cosine, small in PostgreSQL. */
export const PROFILE_FEATURES = 600;

export interface PaperFeatureText {
  title: string;
  summary: string;
  aiKeywords: string[];
  arxivCategories: string[];
  authors: string[];
}

/** Feature -> weight; a vector is L2-normalised unless said otherwise. */
export type SparseVector = Map<number, number>;

const STOP = new Set(
  ("a an the of for and or to in on with by from via as at is are be been this that these those we our it its can which such " +
    "than into over under between without within their they has have using use used based new show shows also more most while " +
    "both each other not only but across all how when what where whether do does however further thus then there here may " +
    "might one two three first second paper work approach method methods propose proposed present introduce results result " +
    "model models task tasks data performance large state art existing").split(" "),
);

export function hashFeature(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & FEATURE_MASK;
}

function words(text: string): string[] {
  return normalise(text)
    .trim()
    .split(" ")
    .filter((w) => w.length > 1 && !STOP.has(w) && !/^\d+$/.test(w));
}

/** The paper's raw features with their counts (before hashing, so tests and reasons can read them). */
export function paperFeatures(p: PaperFeatureText): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (f: string, n = 1) => counts.set(f, (counts.get(f) ?? 0) + n);
  const text = (s: string, weight: number) => {
    const ws = words(s);
    ws.forEach((w, i) => {
      add(`w:${w}`, weight);
      if (i + 1 < ws.length) add(`b:${w} ${ws[i + 1]}`, weight);
    });
  };
  text(p.title, 2);
  text(p.summary, 1);
  for (const k of p.aiKeywords) {
    const phrase = normalise(k).trim();
    if (phrase) add(`k:${phrase}`, 2);
  }
  for (const c of p.arxivCategories) add(`c:${c.toLowerCase()}`);
  for (const a of p.authors) add(`a:${normalise(a).trim()}`);
  return counts;
}

/** Document frequencies over a corpus of papers, by hashed feature: what makes a feature rare, and so telling. */
export interface Idf {
  documents: number;
  df: Map<number, number>;
}

export function buildIdf(papers: Iterable<PaperFeatureText>): Idf {
  const df = new Map<number, number>();
  let documents = 0;
  for (const p of papers) {
    documents++;
    for (const h of new Set([...paperFeatures(p).keys()].map(hashFeature))) df.set(h, (df.get(h) ?? 0) + 1);
  }
  return { documents, df };
}

const idfOf = (idf: Idf, h: number) => Math.log((idf.documents + 1) / ((idf.df.get(h) ?? 0) + 1)) + 1;

export function normalised(v: SparseVector): SparseVector {
  let norm = 0;
  for (const w of v.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm === 0) return v;
  const out: SparseVector = new Map();
  for (const [h, w] of v) out.set(h, w / norm);
  return out;
}

/**
 * How much each kind of feature counts. Word pairs, authors and categories are nearly always rare, so their IDF is
 * high: at full weight they would outweigh the words that say what a paper is about and make every paper unlike
 * every other.
 */
const KIND_WEIGHT: Record<string, number> = { w: 1, b: 0.35, k: 1, c: 0.5, a: 0.35 };

export function paperVector(p: PaperFeatureText, idf: Idf): SparseVector {
  const v: SparseVector = new Map();
  for (const [f, n] of paperFeatures(p)) {
    const h = hashFeature(f);
    v.set(h, (v.get(h) ?? 0) + (KIND_WEIGHT[f[0]!] ?? 1) * (1 + Math.log(n)) * idfOf(idf, h));
  }
  return normalised(v);
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [h, w] of small) {
    const o = large.get(h);
    if (o !== undefined) dot += w * o;
  }
  return dot;
}

/** Rocchio's weights: what a liked (or saved) paper adds, what a disliked one takes away. */
export const ROCCHIO = { positive: 1, negative: 0.5 } as const;

/**
 * The profile: beta times the mean of the liked papers' vectors minus gamma times the mean of the disliked ones,
 * cut to the strongest PROFILE_FEATURES features and normalised. Built from all the reader's feedback each time, so
 * a repeat, a switch or an undo gives exactly the profile the remaining votes make.
 */
export function rocchioProfile(positives: SparseVector[], negatives: SparseVector[]): SparseVector {
  const sum: SparseVector = new Map();
  const addMean = (vs: SparseVector[], weight: number) => {
    if (!vs.length) return;
    for (const v of vs) for (const [h, w] of v) sum.set(h, (sum.get(h) ?? 0) + (weight * w) / vs.length);
  };
  addMean(positives, ROCCHIO.positive);
  addMean(negatives, -ROCCHIO.negative);
  const kept = [...sum].filter(([, w]) => w !== 0).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0] - b[0]).slice(0, PROFILE_FEATURES);
  return normalised(new Map(kept));
}
