// Builds the recorded responses in data/recorded/ from the seed page (../shared/seeds/daily-papers-page.txt, or
// the path given as the first argument): about 140 real titles and abstracts, in the exact shape of
//   - Hugging Face `GET /api/daily_papers` (data/recorded/hf-daily-papers.json: the items of three daily lists), and
//   - arXiv `GET /api/query?id_list=...` (data/recorded/arxiv-query.xml: an Atom feed with categories and versions).
// The machines this project is developed on cannot reach either site, so the demo and the tests use these files.
// What the seed page does not carry (arXiv ids, authors, upvotes, stars, AI keywords, categories) is made up here,
// deterministically (a seeded PRNG, no Math.random), so re-running the script gives byte-identical output.
// Run: `npx tsx scripts/build-recorded-papers.ts [seed-page.txt]`.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { seededRandom } from "./bench/seeded-random";
import { printHelpIfAsked } from "@/lib/cli/command-line";

printHelpIfAsked(`usage: npm run papers:record [-- SEED_PAGE.txt]

Rebuilds data/recorded/ (an HF daily_papers response and an arXiv query feed) from a saved Daily Papers page
(default ../shared/seeds/daily-papers-page.txt). Deterministic: the same page gives byte-identical files.`);

const root = path.resolve(import.meta.dirname, "..");
const seedPath = process.argv[2] ?? path.resolve(root, "../shared/seeds/daily-papers-page.txt");
const outDir = path.join(root, "data/recorded");

const rand = seededRandom(20250314);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");

// --- the seed page: a header, then title / abstract pairs separated by blank lines -----------------------------
const lines = readFileSync(seedPath, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
const start = lines.findIndex((l) => /^[A-Z][a-z]{2} \d{1,2}$/.test(l)); // "Mar 14"
if (start < 0) throw new Error("seed page: no date line like 'Mar 14'");
const body = lines.slice(start + 1);
if (body.length % 2 !== 0) throw new Error(`seed page: expected title/abstract pairs, got ${body.length} lines`);
const seedPapers: { title: string; summary: string }[] = [];
for (let i = 0; i < body.length; i += 2) seedPapers.push({ title: body[i]!, summary: body[i + 1]! });

// --- made-up but plausible metadata ------------------------------------------------------------------------------
const FIRST = ["Wei", "Ana", "Rahul", "Mei", "Lukas", "Sofia", "Hyunwoo", "Yuki", "Omar", "Chen", "Priya", "Tomás",
  "Elena", "Jun", "Amir", "Zhiyuan", "Laura", "Kenji", "Fatima", "Daniel", "Xin", "Ivan", "Noah", "Aisha", "Minh",
  "Sara", "Haotian", "Jonas", "Leila", "Pedro"];
const LAST = ["Zhang", "Silva", "Gupta", "Li", "Müller", "Rossi", "Kim", "Tanaka", "Haddad", "Wang", "Patel", "García",
  "Ivanova", "Liu", "Karimi", "Chen", "Schmidt", "Sato", "Okafor", "Cohen", "Zhao", "Petrov", "Nguyen", "Yilmaz",
  "Dubois", "Park", "Huang", "Novak", "Ahmadi", "Costa"];
const STOP = new Set(("a an the of for and or to in on with by from via as at is are be been this that these those we our " +
  "it its can which such than into over under between without within their they has have using use used based new " +
  "show shows also more most while both each other not only but across all how when what where whether do does " +
  "however further thus then there here may might one two three first second paper work approach method methods " +
  "propose proposed present introduce results result model models").split(" "));

/** Key phrases the way HF's ai_keywords look: repeated multi-word terms and acronyms from the abstract. */
function aiKeywords(title: string, summary: string): string[] {
  const text = `${title}. ${summary}`.replace(/\$[^$]*\$/g, " ");
  const sentences = text.split(/[.;:!?()]+\s*/);
  const counts = new Map<string, { n: number; firstAt: number; surface: string }>();
  let pos = 0;
  for (const s of sentences) {
    const words = s.split(/[\s,"“”]+/).filter(Boolean);
    for (let n = 3; n >= 1; n--) {
      for (let i = 0; i + n <= words.length; i++) {
        const gram = words.slice(i, i + n);
        const lower = gram.map((w) => w.toLowerCase());
        if (STOP.has(lower[0]!) || STOP.has(lower[n - 1]!)) continue;
        if (gram.some((w) => !/^[A-Za-z][A-Za-z0-9-]*$/.test(w))) continue;
        if (n === 1 && !(/^[A-Z0-9-]{2,}$/.test(gram[0]!) || gram[0]!.length > 9)) continue;
        const key = lower.join(" ");
        const c = counts.get(key) ?? { n: 0, firstAt: pos + i, surface: gram.join(" ") };
        c.n += 1;
        counts.set(key, c);
      }
    }
    pos += words.length;
  }
  return [...counts.entries()]
    .map(([key, c]) => ({ key, ...c, weight: c.n * (1 + key.split(" ").length) }))
    .filter((c) => c.n >= 2 || c.key.includes(" "))
    .sort((a, b) => b.weight - a.weight || a.firstAt - b.firstAt)
    .filter((c, i, all) => !all.slice(0, i).some((o) => o.key.includes(c.key)))
    .slice(0, int(5, 9))
    .map((c) => c.surface);
}

/** HF's ai_summary is one generated sentence; the contribution sentence of the abstract stands in for it. */
function aiSummary(summary: string): string {
  const sentences = summary.match(/[^.!?]+[.!?]+(\s|$)/g)?.map((s) => s.trim()) ?? [summary];
  const contribution = sentences.find((s) => /\b(we (propose|present|introduce|develop)|this (paper|work))\b/i.test(s));
  return contribution ?? sentences[0]!;
}

/** arXiv categories the authors would plausibly have picked (a coarse stand-in for the real listing). */
function categories(title: string, summary: string): string[] {
  const t = `${title} ${summary}`.toLowerCase();
  const cats: string[] = [];
  if (/\b(speech|audio|music|spoken|asr|voice)\b/.test(t)) cats.push("eess.AS", "cs.SD");
  if (/\brobot/.test(t)) cats.push("cs.RO");
  if (/\b(image|images|video|videos|visual|3d|segmentation|detection|detector|pose|scene)\b/.test(t)) cats.push("cs.CV");
  if (/\b(encrypt\w*|privacy|leakage|ownership|intrusion)\b/.test(t)) cats.push("cs.CR");
  if (/\b(gpu|cpu|hardware|accelerator|cloud|datacenter|distributed)\b/.test(t)) cats.push("cs.DC");
  if (/\b(bayesian|posterior|monte carlo|probabilistic)\b/.test(t)) cats.push("stat.ML");
  if (/\b(language models?|llms?|nlp|translation|text)\b/.test(t)) cats.push("cs.CL");
  if (/\bcode\b/.test(t)) cats.push("cs.SE");
  cats.push("cs.LG");
  if (rand() < 0.5) cats.push("cs.AI");
  return [...new Set(cats)];
}

const DATES = ["2025-03-12", "2025-03-13", "2025-03-14"] as const;
let nextId = 8000;
const hfItems: unknown[] = [];
const atomEntries: string[] = [];

for (const [i, p] of seedPapers.entries()) {
  // Most papers sit on the seed page's day, the rest on the two days before it.
  const day = i < 64 ? DATES[2] : i < 104 ? DATES[1] : DATES[0];
  nextId += int(3, 60);
  const arxivId = `2503.${String(nextId).padStart(5, "0")}`;
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  const published = new Date(dayStart - int(6, 40) * 3600_000 - int(0, 3599) * 1000);
  const submittedOnDaily = new Date(dayStart + int(0, 14) * 3600_000 + int(0, 3599_999));
  const authors = Array.from({ length: int(2, 9) }, () => ({ _id: hex(24), name: `${pick(FIRST)} ${pick(LAST)}`, hidden: false }));
  const upvotes = Math.max(0, Math.round(Math.exp(rand() * 4.6)) - 1); // long tail: mostly small, a few near 100
  const hasCode = rand() < 0.45;
  const slug = p.title.split(":")[0]!.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "paper";
  const githubRepo = hasCode ? `https://github.com/${pick(LAST).toLowerCase()}-lab/${slug}` : null;
  const githubStars = hasCode ? Math.round(Math.exp(rand() * 8)) : null;
  const projectPage = rand() < 0.2 ? `https://${slug.toLowerCase()}.github.io/` : null;
  const numComments = rand() < 0.3 ? int(1, 6) : 0;
  const submitter = { _id: hex(24), fullname: `${pick(FIRST)} ${pick(LAST)}`, name: `user${int(100, 9999)}`, type: "user", isPro: rand() < 0.2, avatarUrl: `https://cdn-avatars.huggingface.co/v1/production/uploads/${hex(24)}/avatar.png` };
  const paper = {
    id: arxivId,
    authors,
    publishedAt: published.toISOString(),
    submittedOnDailyAt: submittedOnDaily.toISOString(),
    title: p.title,
    summary: p.summary,
    upvotes,
    discussionId: hex(24),
    ...(githubRepo ? { githubRepo, githubStars } : {}),
    ...(projectPage ? { projectPage } : {}),
    ai_summary: aiSummary(p.summary),
    ai_keywords: aiKeywords(p.title, p.summary),
  };
  hfItems.push({
    paper,
    publishedAt: paper.publishedAt,
    title: p.title,
    summary: p.summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${arxivId}.png`,
    numComments,
    submittedBy: submitter,
    isAuthorParticipating: rand() < 0.25,
  });

  const version = rand() < 0.7 ? 1 : int(2, 3);
  const updated = new Date(published.getTime() + (version - 1) * int(20, 200) * 3600_000);
  const cats = categories(p.title, p.summary);
  const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  atomEntries.push(`  <entry>
    <id>http://arxiv.org/abs/${arxivId}v${version}</id>
    <updated>${updated.toISOString().replace(".000", "")}</updated>
    <published>${published.toISOString().replace(/\.\d{3}/, "")}</published>
    <title>${xml(p.title)}</title>
    <summary>  ${xml(p.summary)}
</summary>
${authors.map((a) => `    <author>\n      <name>${xml(a.name)}</name>\n    </author>`).join("\n")}
    <link href="http://arxiv.org/abs/${arxivId}v${version}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${arxivId}v${version}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="${cats[0]}" scheme="http://arxiv.org/schemas/atom"/>
${cats.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join("\n")}
  </entry>`);
}

// HF serves each daily list newest-first by submission; keep that order within a day, latest day first.
hfItems.sort((a, b) => {
  const da = (a as { paper: { submittedOnDailyAt: string } }).paper.submittedOnDailyAt;
  const db = (b as { paper: { submittedOnDailyAt: string } }).paper.submittedOnDailyAt;
  return db.localeCompare(da);
});

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "hf-daily-papers.json"), `${JSON.stringify(hfItems, null, 2)}\n`);
const ids = hfItems.map((it) => (it as { paper: { id: string } }).paper.id);
writeFileSync(
  path.join(outDir, "arxiv-query.xml"),
  `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=${ids.length}_ids&amp;start=0&amp;max_results=${ids.length}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=${ids.length}</title>
  <id>http://arxiv.org/api/recorded-paperboy-sample</id>
  <updated>2025-03-14T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${atomEntries.length}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${atomEntries.length}</opensearch:itemsPerPage>
${atomEntries.join("\n")}
</feed>
`,
);
const perDay = DATES.map((d) => `${d}: ${hfItems.filter((it) => (it as { paper: { submittedOnDailyAt: string } }).paper.submittedOnDailyAt.startsWith(d)).length}`);
console.log(`wrote ${hfItems.length} HF items (${perDay.join(", ")}) and ${atomEntries.length} arXiv entries to ${path.relative(root, outDir)}/`);
