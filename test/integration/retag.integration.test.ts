// Topics are data: an operator adds a topic or changes keywords, and existing papers are re-tagged.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { seedTopics } from "@/lib/topics/seed-topics";
import { runIngest } from "@/lib/papers/run-ingest";
import { addTopic, editTopic } from "@/lib/topics/manage-topics";
import { retagAllPapers, retagIfTopicsChanged, type FingerprintStore } from "@/lib/topics/retag";

const db = testDb();
afterAll(closeTestDb);
beforeEach(async () => {
  await resetDb(db);
  await seedTopics(db);
  await runIngest({ source: "file" }, { db });
});

const tagged = async (slug: string) =>
  (await db.paperTopic.findMany({ where: { topic: { slug } }, select: { paperId: true, reason: true } })).sort((a, b) => a.paperId.localeCompare(b.paperId));

describe("re-tagging", () => {
  it("tags existing papers with a topic an operator adds", async () => {
    const r = await addTopic(db, { slug: "mixture-of-experts", name: "Mixture of experts", keywords: ["mixture of experts", "mixture-of-experts", "moe"] });
    expect(r.added).toBeGreaterThan(0);
    const rows = await tagged("mixture-of-experts");
    const titles = await db.paper.findMany({ where: { id: { in: rows.map((x) => x.paperId) } }, select: { title: true } });
    expect(titles.map((t) => t.title)).toEqual(expect.arrayContaining(["Tutel: Adaptive Mixture-of-Experts at Scale"]));
    expect(rows.every((x) => /matched '(mixture of experts|mixture-of-experts|moe)'/.test(x.reason))).toBe(true);
  });

  it("follows keyword changes: papers come and go with the keywords", async () => {
    const before = await tagged("speech-audio");
    expect(before.length).toBeGreaterThan(3);
    await editTopic(db, "speech-audio", { keywords: ["protein"] });
    const after = await tagged("speech-audio");
    const titles = await db.paper.findMany({ where: { id: { in: after.map((x) => x.paperId) } }, select: { title: true } });
    expect(titles.map((t) => t.title)).toEqual([expect.stringMatching(/^Tranception/)]);
    // every paper still has a topic
    expect(await db.paper.count({ where: { topics: { none: {} } } })).toBe(0);
  });

  it("re-tagging unchanged topics changes nothing", async () => {
    const rows = await db.paperTopic.findMany({ orderBy: [{ paperId: "asc" }, { topicId: "asc" }] });
    expect(await retagAllPapers(db, { pageSize: 7 })).toMatchObject({ papers: 136, added: 0, removed: 0, changed: 0 });
    expect(await db.paperTopic.findMany({ orderBy: [{ paperId: "asc" }, { topicId: "asc" }] })).toEqual(rows);
  });

  it("notices edits made directly in the Topic table (the scheduled job re-tags only then)", async () => {
    let stored: string | null = null;
    const store: FingerprintStore = { get: async () => stored, set: async (v) => void (stored = v) };
    expect(await retagIfTopicsChanged(db, store)).toMatchObject({ added: 0, removed: 0 }); // first run: no fingerprint yet
    expect(await retagIfTopicsChanged(db, store)).toBeNull();
    await db.topic.update({ where: { slug: "code-generation" }, data: { keywords: { push: "protein" } } });
    const r = await retagIfTopicsChanged(db, store);
    expect(r?.added).toBeGreaterThanOrEqual(1);
    expect((await tagged("code-generation")).some((x) => x.reason.includes("'protein'"))).toBe(true);
    expect(await retagIfTopicsChanged(db, store)).toBeNull();
  });

  it("rejects a malformed or duplicate topic with a clear message", async () => {
    await expect(addTopic(db, { slug: "Bad Slug", name: "x", keywords: ["a"] })).rejects.toThrow(/slug must be/);
    await expect(addTopic(db, { slug: "reasoning", name: "x", keywords: ["a"] })).rejects.toThrow(/exists already/);
    await expect(addTopic(db, { slug: "empty", name: "x", keywords: [" "] })).rejects.toThrow(/at least one keyword/);
  });
});
