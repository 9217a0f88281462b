// `npm run eval:ranking`: how much the learned ranking helps, on the recorded papers, with simulated readers.
// Each reader has hidden interests that are not the topic taxonomy (two or three seed papers, or a few phrases),
// picks topics from the landing page's list the way a person would (the ones that hold most of what interests
// them), and votes on what each digest shows according to those interests. Then, for the next day's digest, it
// prints precision@5 and nDCG@10 of the topics-only ranking and of the learned ranking after 0, 3, 10 and 30 votes.
// The same selection code as the fan-out: selectPapers (topics only) and rankForReader (with a profile).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseHfItem } from "@/lib/papers/hf-item";
import { parseArxivAtom } from "@/lib/papers/arxiv-atom";
import { trendingScore } from "@/lib/papers/trending-score";
import { TAXONOMY } from "@/lib/topics/taxonomy";
import { assignTopics, normalise } from "@/lib/topics/assign-topics";
import { selectPapers, type CandidatePaper } from "@/lib/digest/select-papers";
import { buildIdf, paperVector, rocchioProfile, type PaperFeatureText, type SparseVector } from "@/lib/feedback/paper-vector";
import { rankForReader, type PaperSignals } from "@/lib/feedback/rank-for-reader";
import { NO_FILTERS, searchText } from "@/lib/feedback/reader-filters";
import { rankingWeights } from "@/lib/feedback/ranking-weights";
import { printHelpIfAsked } from "@/lib/cli/command-line";
import { seededRandom } from "./bench/seeded-random";

printHelpIfAsked(`usage: npm run eval:ranking [-- --seed N --readers N]

Replays simulated readers over the recorded papers (data/recorded/), split by day, and prints precision@5 and nDCG@10
of the next day's digest: topics-only, and learned after 0, 3, 10 and 30 votes. Defaults: --seed 7 --readers 60.`);

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
  return v;
};
const SEED = arg("seed", 7);
const READERS = arg("readers", 60);
const BUDGETS = [0, 3, 10, 30];
const TOP_N = 10;
const ALSO = 3;
const root = path.resolve(import.meta.dirname, "..");

// --- the recorded papers, as the ingest stores them ----------------------------------------------------------------
interface Paper extends PaperFeatureText {
  id: string;
  day: string;
  rank: number;
  topics: Map<number, string>;
  words: Set<string>;
  vector?: SparseVector;
}
const categories = new Map(parseArxivAtom(readFileSync(path.join(root, "data/recorded/arxiv-query.xml"), "utf8")).entries.map((e) => [e.id, e.categories]));
const rules = TAXONOMY.map((t, i) => ({ id: i + 1, slug: t.slug, keywords: t.keywords, arxivCategories: t.arxivCategories }));
const topicNames = new Map(TAXONOMY.map((t, i) => [i + 1, t.name]));
const STOP = new Set("a an the of for and or to in on with by from via as at is are be we our this that these it its can which such than into using based show new also more not but how what".split(" "));
const papers: Paper[] = [];
for (const raw of JSON.parse(readFileSync(path.join(root, "data/recorded/hf-daily-papers.json"), "utf8")) as unknown[]) {
  const parsed = parseHfItem(raw, "file");
  if (!parsed.ok || !parsed.paper.dailyDate) continue;
  const p = parsed.paper;
  const arxivCategories = categories.get(p.id) ?? [];
  const text = { title: p.title, summary: p.summary, aiKeywords: p.aiKeywords, arxivCategories, authors: p.authors };
  papers.push({
    ...text,
    id: p.id,
    day: p.dailyDate!,
    rank: trendingScore({ upvotes: p.upvotes, githubStars: p.githubStars, publishedAt: p.publishedAt, dailyDate: p.dailyDate, snapshots: [] }),
    topics: new Map(assignTopics(text, rules).map((m) => [m.topicId, m.reason])),
    // The hidden judge reads plain words of title and abstract: not the ranker's hashed TF-IDF features.
    words: new Set(normalise(`${p.title} ${p.summary}`).trim().split(" ").filter((w) => w.length > 2 && !STOP.has(w))),
  });
}
const idf = buildIdf(papers);
for (const p of papers) p.vector = paperVector(p, idf);
const signals = new Map<string, PaperSignals>(papers.map((p) => [p.id, { vector: p.vector!, authors: p.authors, text: searchText(p) }]));
const days = [...new Set(papers.map((p) => p.day))].sort();
const byRank = (ps: Paper[]) => [...ps].sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1));
const asCandidates = (ps: Paper[]): CandidatePaper[] => byRank(ps).map((p) => ({ id: p.id, rank: p.rank, topics: p.topics }));

// --- simulated readers ---------------------------------------------------------------------------------------------
interface Reader {
  kind: "seed papers" | "phrases";
  relevance: (p: Paper) => number;
  topics: number[];
}
const rand = seededRandom(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const overlap = (a: Set<string>, b: Set<string>) => {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / Math.sqrt(a.size * b.size || 1);
};
const phrasePool = [...new Set(papers.flatMap((p) => p.aiKeywords.map((k) => normalise(k).trim())))].filter(
  (k) => k.includes(" ") && papers.filter((p) => normalise(`${p.title} ${p.summary}`).includes(` ${k} `)).length >= 2,
);

function makeReader(trainDays: string[]): Reader | null {
  const train = papers.filter((p) => trainDays.includes(p.day));
  let relevance: (p: Paper) => number;
  let kind: Reader["kind"];
  if (rand() < 0.5) {
    kind = "seed papers";
    const seeds = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(train));
    relevance = (p) => {
      if (seeds.includes(p)) return 0;
      const s = Math.max(...seeds.map((q) => overlap(p.words, q.words)));
      return s >= 0.22 ? 2 : s >= 0.15 ? 1 : 0;
    };
  } else {
    kind = "phrases";
    const phrases = Array.from({ length: 3 + Math.floor(rand() * 2) }, () => pick(phrasePool));
    relevance = (p) => {
      const title = normalise(p.title);
      const all = normalise(`${p.title} ${p.summary} ${p.aiKeywords.join(" ; ")}`);
      const hits = phrases.filter((k) => all.includes(` ${k} `)).length;
      return phrases.some((k) => title.includes(` ${k} `)) || hits >= 2 ? 2 : hits === 1 ? 1 : 0;
    };
  }
  // From the landing page's list: the topics that hold most of what they care about in what they have seen (up to
  // three, each adding something), as a person ticks the boxes that sound like their interests.
  const liked = train.filter((p) => relevance(p) > 0);
  if (liked.length < 2) return null;
  const topics: number[] = [];
  const covered = new Set<string>();
  for (let k = 0; k < 3; k++) {
    let best = 0;
    let gain = 0;
    for (const t of topicNames.keys()) {
      if (topics.includes(t)) continue;
      const g = liked.filter((p) => !covered.has(p.id) && p.topics.has(t) && !/^weak/.test(p.topics.get(t)!)).length;
      if (g > gain) [best, gain] = [t, g];
    }
    if (!best) break;
    topics.push(best);
    for (const p of liked) if (p.topics.has(best)) covered.add(p.id);
  }
  if (!topics.length) topics.push(pick([...topicNames.keys()]));
  return { kind, relevance, topics };
}

// --- one reader's history: digests of the training days, votes, a profile ---------------------------------------
const weights = rankingWeights();

/** The digest: its own papers (with "You may also like") and "also trending", as the fan-out would pick them. */
function learnedList(candidates: CandidatePaper[], reader: Reader, sent: Set<string>, votes: Map<string, "more" | "less">): { own: string[]; also: string[] } | null {
  const profileOf = () => {
    const pos = [...votes].filter(([, v]) => v === "more").map(([id]) => signals.get(id)!.vector);
    const neg = [...votes].filter(([, v]) => v === "less").map(([id]) => signals.get(id)!.vector);
    return pos.length + neg.length ? { vector: rocchioProfile(pos, neg), positives: pos.length, negatives: neg.length } : null;
  };
  const profile = profileOf();
  if (!profile) {
    const s = selectPapers(candidates, reader.topics, sent, { topN: TOP_N, alsoTrending: ALSO, topicNames });
    return s ? { own: s.paperIds, also: s.alsoTrendingIds } : null;
  }
  const liked = [...votes].filter(([, v]) => v === "more").map(([id]) => ({ title: id, vector: signals.get(id)!.vector }));
  const r = rankForReader(candidates, signals, reader.topics, sent, { profile, liked, filters: NO_FILTERS }, { topN: TOP_N, alsoTrending: ALSO, topicNames, weights });
  return r ? { own: [...r.paperIds, ...r.suggestionIds], also: r.alsoTrendingIds } : null;
}

/** Digests of the training days (more of the same days once a digest has been voted through) until `budget` votes. */
function train(reader: Reader, trainDays: string[], budget: number, voteRand: () => number): Map<string, "more" | "less"> {
  const votes = new Map<string, "more" | "less">();
  const sent = new Set<string>();
  for (let round = 0; votes.size < budget && round < 40; round++) {
    const day = trainDays[Math.min(round, trainDays.length - 1)]!;
    const pool = papers.filter((p) => (round < trainDays.length ? p.day === day : trainDays.includes(p.day)));
    const digest = learnedList(asCandidates(pool), reader, sent, votes);
    const shown = digest ? [...digest.own, ...digest.also] : [];
    if (!shown.length) {
      if (round >= trainDays.length) break;
      continue;
    }
    for (const id of shown) {
      sent.add(id);
      if (votes.size >= budget) break;
      const rel = reader.relevance(papers.find((p) => p.id === id)!);
      // People say "more" to what they like; "less" only to some of the rest.
      if (rel > 0) votes.set(id, "more");
      else if (voteRand() < 0.4) votes.set(id, "less");
    }
  }
  return votes;
}

// --- metrics ---------------------------------------------------------------------------------------------------------
function precisionAt(list: string[], reader: Reader, k: number): number {
  return list.slice(0, k).filter((id) => reader.relevance(papers.find((p) => p.id === id)!) > 0).length / k;
}
function ndcgAt(list: string[], reader: Reader, day: Paper[], k: number): number {
  const gain = (rel: number) => 2 ** rel - 1;
  const dcg = list.slice(0, k).reduce((s, id, i) => s + gain(reader.relevance(papers.find((p) => p.id === id)!)) / Math.log2(i + 2), 0);
  const ideal = day.map((p) => reader.relevance(p)).sort((a, b) => b - a).slice(0, k).reduce((s, r, i) => s + gain(r) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

// --- the run ---------------------------------------------------------------------------------------------------------
const rows: { name: string; p5: number[]; ndcg: number[] }[] = [{ name: "topics only", p5: [], ndcg: [] }, ...BUDGETS.map((b) => ({ name: `learned, ${b} votes`, p5: [] as number[], ndcg: [] as number[] }))];
let made = 0;
const ceiling = { name: "best order of topics", p5: [] as number[], ndcg: [] as number[] };
const kinds = { "seed papers": 0, phrases: 0 };
const votesCast = BUDGETS.map(() => [] as number[]);
for (let t = 1; t < days.length; t++) {
  const trainDays = days.slice(0, t);
  const testDay = papers.filter((p) => p.day === days[t]);
  const candidates = asCandidates(testDay);
  for (let r = 0; r < READERS; r++) {
    let reader: Reader | null = null;
    while (!reader || testDay.every((p) => reader!.relevance(p) === 0)) reader = makeReader(trainDays);
    made++;
    kinds[reader.kind]++;
    const topicsOnly = selectPapers(candidates, reader.topics, new Set(), { topN: TOP_N, alsoTrending: ALSO, topicNames });
    const base = topicsOnly?.paperIds ?? [];
    rows[0]!.p5.push(precisionAt(base, reader, 5));
    rows[0]!.ndcg.push(ndcgAt(base, reader, testDay, 10));
    // The best any order of the topic's papers could do: the ceiling of a ranking that keeps to the topics.
    const inTopics = candidates.filter((c) => reader!.topics.some((t) => c.topics.has(t))).map((c) => c.id);
    const oracle = [...inTopics].sort((a, b) => reader!.relevance(papers.find((p) => p.id === b)!) - reader!.relevance(papers.find((p) => p.id === a)!));
    ceiling.p5.push(precisionAt(oracle, reader, 5));
    ceiling.ndcg.push(ndcgAt(oracle, reader, testDay, 10));
    BUDGETS.forEach((budget, i) => {
      // Each budget replays the same reader with the same coin flips.
      const votes = train(reader!, trainDays, budget, seededRandom(SEED * 1000 + made));
      votesCast[i]!.push(votes.size);
      // The digest's own list and its "You may also like" (not "also trending", which is the same for everyone).
      const own = learnedList(candidates, reader!, new Set(), votes)?.own ?? [];
      rows[i + 1]!.p5.push(precisionAt(own, reader!, 5));
      rows[i + 1]!.ndcg.push(ndcgAt(own, reader!, testDay, 10));
    });
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
console.log(`seed ${SEED}: ${made} reader-days (${READERS} readers for each of ${days.length - 1} test days; ${kinds["seed papers"]} with seed papers, ${kinds.phrases} with phrases), ${papers.length} papers over ${days.length} days`);
console.log(`${"ranking".padEnd(22)}precision@5  nDCG@10  votes cast (mean)`);
rows.forEach((row, i) => {
  const cast = i === 0 ? "" : mean(votesCast[i - 1]!).toFixed(1);
  console.log(`${row.name.padEnd(22)}${mean(row.p5).toFixed(3).padStart(11)}  ${mean(row.ndcg).toFixed(3).padStart(7)}  ${cast}`);
});
console.log(`${ceiling.name.padEnd(22)}${mean(ceiling.p5).toFixed(3).padStart(11)}  ${mean(ceiling.ndcg).toFixed(3).padStart(7)}  (the ceiling of any order within the reader's topics)`);
const base = mean(rows[0]!.p5);
const at10 = mean(rows[3]!.p5);
const zeroNeverBelow = rows[1]!.p5.every((p, i) => p >= rows[0]!.p5[i]!) && rows[1]!.ndcg.every((n, i) => n >= rows[0]!.ndcg[i]! - 1e-12);
console.log(`targets:`);
console.log(`  10 votes: precision@5 >= topics-only + 0.20:   ${(at10 - base).toFixed(3)} ${at10 - base >= 0.2 ? "PASS" : "FAIL"}`);
console.log(`  0 votes: never below topics-only (per reader): ${zeroNeverBelow ? "PASS" : "FAIL"}`);
