// The preferences page's "Start from papers I know", saved papers and "Preview", against the BUILT app in Chromium
// without JavaScript: pasted ids (one fetched from arXiv, here the local papers server), an uploaded BibTeX file
// with a broken entry, the saved list with its BibTeX download and "Remove", a preview that saves nothing followed
// by "Save these settings", the 4xx answers to too much at once, and axe on the pages.
import { randomUUID } from "node:crypto";
import { beforeAll, afterAll, beforeEach, describe, expect, it } from "vitest";
import { links } from "@/lib/tokens/tokens";
import { parseBibtex } from "@/lib/feedback/bibtex";
import { nextPapersForReader } from "@/lib/digest/next-papers-for-reader";
import { closeSql } from "@/lib/digest/pg-pool";
import { testDb } from "../helpers/db";
import { useBuiltApp } from "../helpers/built-app";
import { seriousAxeViolations } from "../helpers/axe";
import { startPapersServer, type PapersServer } from "../helpers/papers-server";

/** In the recorded arXiv feed, and removed from the Paper table so that it is unknown to the app. */
const UNKNOWN = "2503.08076";
let server: PapersServer;
beforeAll(async () => {
  server = await startPapersServer();
});
afterAll(async () => {
  await server.close();
  await closeSql();
});

const e2e = useBuiltApp({ browser: true, ingest: true, appEnv: () => ({ PAPERS_SOURCE: "hf", ARXIV_API_URL: server.url }) });

let reader: string;
let papers: { id: string; title: string }[];

beforeEach(async () => {
  const db = testDb();
  await db.subscriber.deleteMany();
  await db.paper.deleteMany({ where: { id: UNKNOWN } });
  papers = await db.paper.findMany({ orderBy: { id: "asc" }, take: 4, select: { id: true, title: true } });
  const topics = await db.topic.findMany({ select: { id: true } });
  reader = (
    await db.subscriber.create({
      data: { email: `known-${randomUUID()}@example.org`, status: "ACTIVE", confirmedAt: new Date(), topics: { create: topics.map((t) => ({ topicId: t.id })) } },
    })
  ).id;
});

const known = () => testDb().knownPaper.findMany({ where: { subscriberId: reader }, orderBy: { paperId: "asc" }, select: { paperId: true } });

describe("the preferences page without JavaScript", () => {
  it("takes pasted ids, fetching an unknown one from arXiv, and an uploaded BibTeX file with a broken entry", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(links.manage(reader));
    await page.getByLabel("arXiv ids or links").fill(`${papers[0]!.id}\narXiv:${UNKNOWN}v1\nhttps://arxiv.org/abs/2501.99999\nbogus`);
    await page.getByRole("button", { name: "Add these papers" }).click();
    await page.getByRole("heading", { name: "Papers you know" }).waitFor();
    expect(await page.locator("#known-added-list li").allTextContents()).toEqual([
      expect.stringContaining(papers[0]!.id),
      expect.stringMatching(new RegExp(`${UNKNOWN}.*\\(fetched from arXiv\\)`)),
    ]);
    expect(await page.locator("#known-not-found-list li").allTextContents()).toEqual(["2501.99999"]);
    expect(await page.locator("#known-problems li").allTextContents()).toEqual(['"bogus" is not an arXiv id.']);
    expect(await testDb().paper.findUnique({ where: { id: UNKNOWN }, select: { source: true } })).toEqual({ source: "arxiv" });

    await page.getByRole("link", { name: "Back to your preferences" }).click();
    const bib = `@article{good, title = {A & B}, eprint = {${papers[1]!.id}}, archivePrefix = {arXiv}}
@misc{broken, title = {No closing brace, eprint = {${papers[2]!.id}}
@misc{again, url = {https://arxiv.org/abs/${papers[0]!.id}}}
`;
    await page.getByLabel("Or a BibTeX file").setInputFiles({ name: "library.bib", mimeType: "application/x-bibtex", buffer: Buffer.from(bib) });
    await page.getByRole("button", { name: "Add these papers" }).click();
    await page.getByRole("heading", { name: "Papers you know" }).waitFor();
    expect(await page.locator("#known-added-list li").allTextContents()).toEqual([expect.stringContaining(papers[1]!.id)]);
    expect(await page.locator("#known-already-list li").allTextContents()).toEqual([expect.stringContaining(papers[0]!.id)]);
    expect(await page.locator("#known-problems li").allTextContents()).toEqual([expect.stringContaining('BibTeX entry "broken" at line 2')]);
    expect((await known()).map((k) => k.paperId).sort()).toEqual([papers[0]!.id, papers[1]!.id, UNKNOWN].sort());
    await context.close();
  });

  it("answers too many ids or too large a file with a 4xx page, and adds nothing", async () => {
    const url = `${links.manage(reader)}/known-papers`;
    const many = new FormData();
    many.set("ids", Array.from({ length: 201 }, (_, i) => `2501.${String(i).padStart(5, "0")}`).join("\n"));
    const res = await fetch(url, { method: "POST", body: many });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("at most 200 at a time");
    const big = new FormData();
    big.set("bibtex", new Blob(["%".repeat(700 * 1024)]), "big.bib");
    const res2 = await fetch(url, { method: "POST", body: big });
    expect(res2.status).toBe(413);
    expect(res2.headers.get("cache-control")).toMatch(/no-store/);
    // The same without a Content-Length (chunked) is refused too.
    const { body, type } = await new Response(big).blob().then(async (b) => ({ body: new Uint8Array(await b.arrayBuffer()), type: b.type }));
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < body.length; i += 64 * 1024) c.enqueue(body.slice(i, i + 64 * 1024));
        c.close();
      },
    });
    const res3 = await fetch(url, { method: "POST", body: chunked, headers: { "content-type": type }, duplex: "half" } as RequestInit);
    expect(res3.status).toBe(413);
    expect(await known()).toEqual([]);
  });

  it("lists saved papers, downloads them as BibTeX and removes one", async () => {
    const db = testDb();
    await db.savedPaper.create({ data: { subscriberId: reader, paperId: papers[0]!.id, createdAt: new Date("2026-11-30T10:00:00Z") } });
    await db.savedPaper.create({ data: { subscriberId: reader, paperId: papers[1]!.id } });
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(links.manage(reader));
    const items = page.locator("#saved-papers li");
    expect(await items.count()).toBe(2);
    expect(await items.nth(1).textContent()).toContain("saved 2026-11-30");
    expect(await page.getByRole("link", { name: papers[0]!.title }).getAttribute("href")).toBe(`https://arxiv.org/abs/${papers[0]!.id}`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download my saved papers (BibTeX)" }).click()]);
    expect(download.suggestedFilename()).toBe("paperboy-saved-papers.bib");
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
    const parsed = parseBibtex(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map((e) => [e.type, e.fields.eprint, e.fields.archiveprefix])).toEqual([
      ["misc", papers[0]!.id, "arXiv"],
      ["misc", papers[1]!.id, "arXiv"],
    ]);

    await page.getByRole("button", { name: `Remove ${papers[0]!.title}` }).click();
    await page.getByText("The paper is no longer in your saved papers.").waitFor();
    expect(await page.locator("#saved-papers li").count()).toBe(1);
    expect(await db.savedPaper.findMany({ where: { subscriberId: reader }, select: { paperId: true } })).toEqual([{ paperId: papers[1]!.id }]);
    await context.close();
  });

  it("previews the next digest under unsaved filters, saves nothing, then saves them with one button", async () => {
    const db = testDb();
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The first paper the digest would pick now; muting its first author must take it out of the preview.
    const topicIds = (await db.subscriberTopic.findMany({ where: { subscriberId: reader }, orderBy: { topicId: "asc" }, select: { topicId: true } })).map((t) => t.topicId);
    const first = (await nextPapersForReader(db, { subscriberId: reader, frequency: "DAILY", topicIds })).picks[0]!.card;
    await page.goto(links.manage(reader));
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await page.getByRole("heading", { name: "Preview of your next digest" }).waitFor();
    expect(await page.locator("#preview-papers li a").first().textContent()).toBe(first.title);

    await page.getByLabel("Muted authors").fill(first.authors[0]!);
    await page.getByRole("button", { name: "Preview again" }).click();
    await page.getByRole("heading", { name: "Preview of your next digest" }).waitFor();
    const titles = await page.locator("#preview-papers li a").allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toContain(first.title);
    expect(await page.locator("#preview-papers li small").first().textContent()).not.toBe("");
    expect(await page.getByLabel("Muted authors").inputValue()).toBe(first.authors[0]);
    expect(await db.readerFilter.count({ where: { subscriberId: reader } })).toBe(0);

    await page.getByRole("button", { name: "Save these settings" }).click();
    await page.getByText("Your muted words and authors and the authors you follow are saved.").waitFor();
    expect(await db.readerFilter.findMany({ where: { subscriberId: reader }, select: { kind: true, value: true } })).toEqual([{ kind: "MUTED_AUTHOR", value: first.authors[0] }]);
    await context.close();
  });

  it("has no serious accessibility problems (axe)", async () => {
    await testDb().savedPaper.create({ data: { subscriberId: reader, paperId: papers[0]!.id } });
    const context = await e2e.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(links.manage(reader));
    expect(await seriousAxeViolations(page), "preferences").toEqual([]);
    await page.getByLabel("arXiv ids or links").fill(`${papers[1]!.id} bogus`);
    await page.getByRole("button", { name: "Add these papers" }).click();
    await page.getByRole("heading", { name: "Papers you know" }).waitFor();
    expect(await seriousAxeViolations(page), "report").toEqual([]);
    await page.goto(links.manage(reader));
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await page.getByRole("heading", { name: "Preview of your next digest" }).waitFor();
    expect(await seriousAxeViolations(page), "preview").toEqual([]);
    await context.close();
  });
});
