// "Start from papers I know", saved papers and the preview on the real PostgreSQL with the recorded papers: named
// papers count as liked (the same profile rebuild as a save), unknown ids are fetched from arXiv (the local papers
// server) or reported not found when arXiv cannot be reached, a broken BibTeX entry is named while the rest are
// imported, the saved papers' BibTeX reads back, the preview saves nothing, and export and erasure cover it all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { runIngest } from "@/lib/papers/run-ingest";
import { createArxivClient } from "@/lib/papers/arxiv-client";
import { seedTopics } from "@/lib/topics/seed-topics";
import { forgetCorpusIdf } from "@/lib/feedback/corpus-idf";
import { addKnownPapers, type KnownPapersDeps } from "@/lib/feedback/known-papers";
import { readKnownPapersForm } from "@/lib/feedback/known-papers-form";
import { parseBibtex, unescapeBibtex } from "@/lib/feedback/bibtex";
import { removeSavedPaper, savedPapersBibtex } from "@/lib/feedback/saved-papers";
import { previewFilters } from "@/lib/feedback/preview-filters";
import { nextPapersForReader } from "@/lib/digest/next-papers-for-reader";
import { exportSubscriberData } from "@/lib/subscribers/export-data";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import { subscriberDeps } from "@/lib/subscribers/deps";
import { closeSql } from "@/lib/digest/pg-pool";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startPapersServer, type PapersServer } from "../helpers/papers-server";

let server: PapersServer;
let reader: string;
let papers: { id: string; title: string }[];
/** An id the recorded arXiv feed has, removed from the Paper table so that it is unknown. */
const UNKNOWN = "2503.08076";

const fast = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 15_000, retries: 0, limiter: undefined };
const deps = (arxiv: KnownPapersDeps["arxiv"] = null): KnownPapersDeps => ({ db: testDb(), arxiv, now: () => new Date() });

beforeAll(async () => {
  server = await startPapersServer();
  const db = testDb();
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
  forgetCorpusIdf();
});
beforeEach(async () => {
  const db = testDb();
  await db.subscriber.deleteMany();
  await db.paper.deleteMany({ where: { id: UNKNOWN } });
  papers = await db.paper.findMany({ orderBy: { id: "asc" }, select: { id: true, title: true } });
  const topics = await db.topic.findMany({ select: { id: true } });
  reader = (
    await db.subscriber.create({
      data: { email: `k-${randomUUID()}@example.org`, status: "ACTIVE", confirmedAt: new Date(), topics: { create: topics.map((t) => ({ topicId: t.id })) } },
    })
  ).id;
});
afterAll(async () => {
  await server.close();
  await closeSql();
  await closeTestDb();
});

describe("papers I know", () => {
  it("count papers we have as liked, report repeats as already known and ids nobody has as not found", async () => {
    const [a, b, c] = papers.map((p) => p.id);
    const db = testDb();
    await db.savedPaper.create({ data: { subscriberId: reader, paperId: c! } });
    const r = await addKnownPapers(reader, [a!, b!, c!, "2501.99999"], deps());
    expect(r.added.map((p) => p.id)).toEqual([a, b]);
    expect(r.alreadyKnown.map((p) => p.id)).toEqual([c]);
    expect(r.notFound).toEqual(["2501.99999"]);
    expect(r.arxivUnavailable).toBe(true);
    // The same profile rebuild as a save: two named papers and the saved one are its positives.
    expect(await db.readerProfile.findUnique({ where: { subscriberId: reader }, select: { positives: true, negatives: true } })).toEqual({ positives: 3, negatives: 0 });

    const again = await addKnownPapers(reader, [a!], deps());
    expect(again).toMatchObject({ added: [], alreadyKnown: [{ id: a }], notFound: [] });
  });

  it("fetch an unknown id from arXiv and store it as a paper", async () => {
    const before = server.requests.length;
    const r = await addKnownPapers(reader, [UNKNOWN, papers[0]!.id], deps(createArxivClient({ baseUrl: server.url, policy: fast })));
    expect(r.added).toEqual([
      { id: UNKNOWN, title: expect.any(String), fromArxiv: true },
      { id: papers[0]!.id, title: papers[0]!.title, fromArxiv: false },
    ]);
    expect(r.notFound).toEqual([]);
    // Only the unknown id was asked for.
    expect(server.requests.slice(before).map((q) => new URL(q.url, server.url).searchParams.get("id_list"))).toEqual([UNKNOWN]);
    const stored = await testDb().paper.findUnique({ where: { id: UNKNOWN }, select: { source: true, title: true, arxivCategories: true } });
    expect(stored).toMatchObject({ source: "arxiv", title: r.added[0]!.title });
    expect(stored!.arxivCategories.length).toBeGreaterThan(0);
    expect(await testDb().knownPaper.count({ where: { subscriberId: reader } })).toBe(2);
  });

  it("report unknown ids as not found when arXiv cannot be reached, failing or hanging", async () => {
    server.failAlways("/api/query", { kind: "status", status: 503 });
    try {
      const r = await addKnownPapers(reader, [UNKNOWN], deps(createArxivClient({ baseUrl: server.url, policy: fast })));
      expect(r).toEqual({ added: [], alreadyKnown: [], notFound: [UNKNOWN], arxivUnavailable: true });
    } finally {
      server.failAlways("/api/query", undefined);
    }
    server.failNext("/api/query", { kind: "hang" });
    const started = Date.now();
    const hung = await addKnownPapers(reader, [UNKNOWN], { ...deps(createArxivClient({ baseUrl: server.url, policy: fast })), timeoutMs: 300 });
    expect(hung.notFound).toEqual([UNKNOWN]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await testDb().paper.count({ where: { id: UNKNOWN } })).toBe(0);
  });

  it("import a BibTeX file whose broken entry is named while the others are imported", async () => {
    const [a, b] = papers.map((p) => p.id);
    const bib = `@article{first, title = {One}, eprint = {${a}}, archivePrefix = {arXiv}}
@misc{broken, title = {Missing equals} eprint {${papers[5]!.id}}}
@misc{second, url = {https://arxiv.org/abs/${b}v2}}
`;
    const read = readKnownPapersForm("", bib);
    if (!read.ok) throw new Error(read.message);
    expect(read.form.bibtexProblems).toEqual([{ key: "broken", line: 2, message: 'expected "," or "}"' }]);
    const r = await addKnownPapers(reader, read.form.ids, deps());
    expect(r.added.map((p) => p.id)).toEqual([a, b]);
    expect(await testDb().knownPaper.count({ where: { subscriberId: reader, paperId: papers[5]!.id } })).toBe(0);
  });
});

describe("saved papers", () => {
  it("export as BibTeX that reads back, and a removed paper leaves the list and the profile", async () => {
    const db = testDb();
    const [a, b] = papers;
    await db.paper.update({ where: { id: a!.id }, data: { title: "Cost & 100% {recall} of $x_1$" } });
    await db.savedPaper.createMany({ data: [{ subscriberId: reader, paperId: a!.id }, { subscriberId: reader, paperId: b!.id }] });
    const { entries, problems } = parseBibtex(await savedPapersBibtex(db, reader));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.type, e.fields.eprint, e.fields.archiveprefix, e.fields.url])).toEqual([
      ["misc", a!.id, "arXiv", `https://arxiv.org/abs/${a!.id}`],
      ["misc", b!.id, "arXiv", `https://arxiv.org/abs/${b!.id}`],
    ]);
    expect(unescapeBibtex(entries[0]!.fields.title!)).toBe("Cost & 100% {recall} of $x_1$");
    expect(entries[0]!.fields.title).toBe("Cost \\& 100\\% \\{recall\\} of \\$x\\_1\\$");
    await db.paper.update({ where: { id: a!.id }, data: { title: a!.title } });

    expect(await removeSavedPaper(db, reader, a!.id)).toBe(true);
    expect(await removeSavedPaper(db, reader, a!.id)).toBe(false);
    expect(await db.savedPaper.findMany({ where: { subscriberId: reader }, select: { paperId: true } })).toEqual([{ paperId: b!.id }]);
  });

  it("and papers named go in the data export, and erasure removes them", async () => {
    const db = testDb();
    await db.savedPaper.create({ data: { subscriberId: reader, paperId: papers[0]!.id } });
    await addKnownPapers(reader, [papers[1]!.id], deps());
    const data = await exportSubscriberData(reader, subscriberDeps({ db }));
    expect(data!.feedback.savedPapers.map((s) => s.paperId)).toEqual([papers[0]!.id]);
    expect(data!.feedback.knownPapers.map((s) => [s.paperId, s.title])).toEqual([[papers[1]!.id, papers[1]!.title]]);
    await eraseSubscriber(reader, subscriberDeps({ db }));
    expect(await db.knownPaper.count({ where: { subscriberId: reader } })).toBe(0);
    expect(await db.savedPaper.count({ where: { subscriberId: reader } })).toBe(0);
  });
});

describe("preview of the next digest", () => {
  it("shows the picks under unsaved filters and saves nothing", async () => {
    const db = testDb();
    const s = await db.subscriber.findUniqueOrThrow({ where: { id: reader }, select: { topics: { select: { topicId: true }, orderBy: { topicId: "asc" } } } });
    const plain = await nextPapersForReader(db, { subscriberId: reader, frequency: "DAILY", topicIds: s.topics.map((t) => t.topicId) });
    const first = plain.picks[0]!;
    expect(first).toBeDefined();
    const form = new FormData();
    form.set("muted-words", "");
    form.set("muted-authors", first.card.authors[0]!);
    form.set("followed-authors", "");
    const preview = await previewFilters(db, reader, form);
    if (!preview.ok) throw new Error(preview.code);
    expect(preview.filters.mutedAuthors).toEqual([first.card.authors[0]]);
    expect(preview.next.picks.map((p) => p.card.id)).not.toContain(first.card.id);
    expect(preview.next.picks.length).toBeGreaterThan(0);
    for (const p of preview.next.picks) expect(p.reason).not.toBe("");
    expect(await db.readerFilter.count({ where: { subscriberId: reader } })).toBe(0);
    expect(await db.readerProfile.count({ where: { subscriberId: reader } })).toBe(0);
  });
});
