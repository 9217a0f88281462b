// The Atom feeds on the real database: the public ones list a day's trending papers overall and per topic with the
// reason each is there; the personal one ranks like the subscriber's digest and opens only with the current key of
// an active subscriber (a new key, turning it off, a tampered or foreign token, or leaving all refuse it).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeSql } from "@/lib/digest/pg-pool";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { createPapers, createSubscribers, seedDigestTopics } from "../helpers/digest-fixtures";
import { parseAtom } from "../helpers/atom";
import { atomFeed } from "@/lib/feeds/atom-feed";
import { allPapersFeed, topicFeed } from "@/lib/feeds/public-feeds";
import { personalFeed } from "@/lib/feeds/personal-feed";
import { readerForFeedToken, renewFeedKey, turnOffFeed, personalFeedUrl } from "@/lib/feeds/feed-key";
import { links, signToken } from "@/lib/tokens/tokens";
import { replaceFilters } from "@/lib/feedback/filters-store";

const db = testDb();
const APP = "https://papers.example.org";
let topicIds: Map<string, number>;

beforeEach(async () => {
  await resetDb(db);
  topicIds = await seedDigestTopics(db);
  await createPapers(db, topicIds, [
    { id: "2503.00001", title: "KV cache eviction", dailyDate: "2025-03-14", trendingScore: 90, topics: [{ slug: "llm-inference", reason: "matched 'kv cache'" }] },
    { id: "2503.00002", title: "Chain of thought audits", dailyDate: "2025-03-14", trendingScore: 80, topics: [{ slug: "reasoning", reason: "matched 'chain of thought'" }] },
    { id: "2503.00003", title: "Speculative decoding", dailyDate: "2025-03-14", trendingScore: 70, topics: [{ slug: "llm-inference", reason: "matched 'speculative decoding'" }] },
    { id: "2503.00004", title: "Yesterday's paper", dailyDate: "2025-03-13", trendingScore: 99, topics: [{ slug: "llm-inference", reason: "matched 'kv cache'" }] },
  ]);
});

afterAll(async () => {
  await closeSql();
  await closeTestDb();
});

const tokenOf = (url: string) => url.split("/").pop()!;

describe("public feeds", () => {
  it("everything: the latest day's papers, best first, as valid Atom", async () => {
    const parsed = parseAtom(atomFeed(await allPapersFeed(db, APP)));
    expect(parsed.self).toBe(`${APP}/feeds/papers`);
    expect(parsed.updated).toBe("2025-03-14T00:00:00.000Z");
    expect(parsed.entries.map((e) => e.id)).toEqual(["2503.00001", "2503.00002", "2503.00003"].map((id) => `https://arxiv.org/abs/${id}`));
  });

  it("a topic: only its papers, each with the reason in words", async () => {
    const parsed = parseAtom(atomFeed((await topicFeed(db, APP, "llm-inference"))!));
    expect(parsed.entries.map((e) => e.title)).toEqual(["KV cache eviction", "Speculative decoding"]);
    expect(parsed.entries[0]!.summary).toMatch(/^LLM inference[^:]*: .*kv cache/i);
    expect(parsed.entries[0]!.categories).toEqual(["llm-inference"]);
  });

  it("an unknown, malformed or retired topic has no feed", async () => {
    expect(await topicFeed(db, APP, "no-such-topic")).toBeNull();
    expect(await topicFeed(db, APP, "../etc")).toBeNull();
    await db.topic.update({ where: { slug: "reasoning" }, data: { active: false } });
    expect(await topicFeed(db, APP, "reasoning")).toBeNull();
  });
});

describe("the personal feed", () => {
  async function subscriber(status: "ACTIVE" | "UNSUBSCRIBED" = "ACTIVE") {
    const [id] = await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: `reader-${status}@example.org`, topics: ["reasoning", "llm-inference"], status }]);
    return id!;
  }

  it("ranks like the digest, with each paper's reason, at the URL the preferences page shows", async () => {
    const id = await subscriber();
    expect(await personalFeedUrl(db, id)).toBeNull();
    const url = await renewFeedKey(db, id);
    expect(await personalFeedUrl(db, id)).toBe(url);
    const reader = await readerForFeedToken(db, tokenOf(url));
    expect(reader).toMatchObject({ subscriberId: id, frequency: "DAILY" });
    const parsed = parseAtom(atomFeed(await personalFeed(db, reader!, url)));
    expect(parsed.id).toBe(url);
    // A daily digest draws on the latest day and the one before (lib/digest/edition-date.ts), best first.
    expect(parsed.entries.map((e) => e.title)).toEqual(["Yesterday's paper", "KV cache eviction", "Chain of thought audits", "Speculative decoding"]);
    expect(parsed.entries.map((e) => e.summary.split("\n")[0])).toEqual([
      expect.stringMatching(/kv cache/i),
      expect.stringMatching(/kv cache/i),
      expect.stringMatching(/chain of thought/i),
      expect.stringMatching(/speculative decoding/i),
    ]);
  });

  it("follows what the reader taught their digest: a muted word drops a paper", async () => {
    const id = await subscriber();
    const url = await renewFeedKey(db, id);
    await replaceFilters(db, id, { mutedWords: ["speculative"], mutedAuthors: [], followedAuthors: [] });
    const parsed = parseAtom(atomFeed(await personalFeed(db, (await readerForFeedToken(db, tokenOf(url)))!, url)));
    expect(parsed.entries.map((e) => e.title)).toEqual(["Yesterday's paper", "KV cache eviction", "Chain of thought audits"]);
  });

  it("a weekly reader's feed draws on the week up to the latest day", async () => {
    const [id] = await createSubscribers(process.env.DATABASE_URL!, topicIds, [{ email: "weekly@example.org", topics: ["llm-inference"], frequency: "WEEKLY" }]);
    const url = await renewFeedKey(db, id!);
    const parsed = parseAtom(atomFeed(await personalFeed(db, (await readerForFeedToken(db, tokenOf(url)))!, url)));
    // Weekly editions rank by settled upvotes (the fixture's upvotes follow the trending score).
    expect(parsed.entries.slice(0, 3).map((e) => e.title)).toEqual(["Yesterday's paper", "KV cache eviction", "Speculative decoding"]);
  });

  it("a new address revokes the old one; turning the feed off revokes every address", async () => {
    const id = await subscriber();
    const first = await renewFeedKey(db, id);
    const second = await renewFeedKey(db, id);
    expect(second).not.toBe(first);
    expect(await readerForFeedToken(db, tokenOf(first))).toBeNull();
    expect(await readerForFeedToken(db, tokenOf(second))).not.toBeNull();
    await turnOffFeed(db, id);
    expect(await readerForFeedToken(db, tokenOf(second))).toBeNull();
    expect(await personalFeedUrl(db, id)).toBeNull();
  });

  it("refuses tampered and foreign tokens, and the feed of someone who left", async () => {
    const id = await subscriber();
    const token = tokenOf(await renewFeedKey(db, id));
    const key = (await db.subscriber.findUniqueOrThrow({ where: { id }, select: { feedKey: true } })).feedKey!;
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(await readerForFeedToken(db, tampered)).toBeNull();
    // The same key under another purpose (a manage link's shape) does not open the feed.
    expect(await readerForFeedToken(db, signToken({ purpose: "manage", subscriberId: key }))).toBeNull();
    // A manage link of the subscriber is not a feed token either.
    expect(await readerForFeedToken(db, tokenOf(links.manage(id)))).toBeNull();
    await db.subscriber.update({ where: { id }, data: { status: "UNSUBSCRIBED" } });
    expect(await readerForFeedToken(db, token)).toBeNull();
  });
});
