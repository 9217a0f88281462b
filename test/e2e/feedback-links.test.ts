// The feedback links under every paper of a digest, against the BUILT app: a scanner's GET changes nothing, a person
// votes in Chromium with and without JavaScript and with the keyboard alone, a repeat changes nothing, the opposite
// vote replaces, undo removes, every bad token gets the one invalid-link page, and the per-subscriber rate limit.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { links, signToken } from "@/lib/tokens/tokens";
import { testDb } from "../helpers/db";
import { useBuiltApp } from "../helpers/built-app";

const appUrl = process.env.APP_URL!;
const LIMIT = 6;

const e2e = useBuiltApp({ browser: true, ingest: true, env: { FEEDBACK_PER_HOUR: String(LIMIT) } });

const edition = randomUUID();
let reader: string;
let paper: { id: string; title: string };
let other: { id: string; title: string };

beforeEach(async () => {
  const db = testDb();
  await db.subscriber.deleteMany();
  const [a, b] = await db.paper.findMany({ orderBy: { id: "asc" }, take: 2, select: { id: true, title: true } });
  paper = a!;
  other = b!;
  reader = (await db.subscriber.create({ data: { email: `reader-${randomUUID()}@example.org`, status: "ACTIVE", confirmedAt: new Date() } })).id;
});

const link = (action: string, paperId = paper.id, subscriberId = reader) => `${links.feedback(subscriberId, edition, paperId)}/${action}`;

async function feedbackRows(subscriberId = reader) {
  const db = testDb();
  const [votes, saved] = await Promise.all([
    db.paperVote.findMany({ where: { subscriberId }, select: { paperId: true, value: true, updatedAt: true } }),
    db.savedPaper.findMany({ where: { subscriberId }, select: { paperId: true } }),
  ]);
  return { votes, saved };
}

const post = (url: string, intent = "apply") => fetch(url, { method: "POST", body: new URLSearchParams({ intent }), redirect: "manual" });

describe("feedback links", () => {
  it("answer a bare GET (a mail scanner) with the paper and a button, and change nothing", async () => {
    for (const action of ["more", "less", "save"]) {
      const res = await fetch(link(action), { redirect: "manual" });
      const body = await res.text();
      expect(res.status, action).toBe(200);
      expect(res.headers.get("cache-control")).toMatch(/no-store/);
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(body).toContain(paper.title.slice(0, 20).replace(/&/g, "&amp;"));
      expect(body).toMatch(/<form method="post">[\s\S]*<button type="submit" autofocus>/);
      // HEAD too, the other method scanners use.
      expect((await fetch(link(action), { method: "HEAD" })).status).toBeLessThan(500);
    }
    expect(await feedbackRows()).toEqual({ votes: [], saved: [] });
  });

  it("vote in Chromium with JavaScript, by keyboard alone: Enter on the focused button, then Enter on Undo", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(link("more"));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("More papers like this");
    await Promise.all([page.waitForURL(link("more")), page.waitForLoadState(), page.keyboard.press("Enter")]);
    await page.getByText("Thank you: your digests will bring more papers like").waitFor();
    expect((await feedbackRows()).votes.map((v) => [v.paperId, v.value])).toEqual([[paper.id, "MORE"]]);
    // The way to the preferences page.
    expect(await page.getByRole("link", { name: "Open your preferences" }).getAttribute("href")).toBe(links.manage(reader));
    // Undo, again from the keyboard: it is the focused button now.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Undo");
    await page.keyboard.press("Enter");
    await page.getByText("Your vote on").waitFor();
    expect((await feedbackRows()).votes).toEqual([]);
    await context.close();
  });

  it("vote in Chromium without JavaScript: less, then more replaces it, a repeat changes nothing, save and undo", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link("less"));
    await page.getByRole("button", { name: "Fewer papers like this" }).click();
    await page.getByText("Thank you: your digests will bring fewer papers like").waitFor();
    expect((await feedbackRows()).votes.map((v) => v.value)).toEqual(["LESS"]);

    await page.goto(link("more"));
    await page.getByRole("button", { name: "More papers like this" }).click();
    await page.getByText("Thank you: your digests will bring more papers like").waitFor();
    const switched = (await feedbackRows()).votes;
    expect(switched.map((v) => v.value)).toEqual(["MORE"]);

    // The same vote again: the page says it is already so, and pressing the button changes nothing.
    await page.goto(link("more"));
    await page.getByText("You already asked for more papers like this one.").waitFor();
    await page.getByRole("button", { name: "More papers like this" }).click();
    await page.getByText("Thank you").first().waitFor();
    expect((await feedbackRows()).votes).toEqual(switched);

    await page.goto(link("save"));
    await page.getByRole("button", { name: "Save this paper" }).click();
    await page.getByText("Saved: your saved papers now include").waitFor();
    expect((await feedbackRows()).saved).toEqual([{ paperId: paper.id }]);
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByText("is no longer saved").waitFor();
    expect(await feedbackRows()).toEqual({ votes: switched, saved: [] });

    // Undo of "less" after "more" replaced it leaves "more" alone.
    expect((await post(link("less"), "undo")).status).toBe(200);
    expect((await feedbackRows()).votes).toEqual(switched);
    await context.close();
  });

  it("refuse tampered and foreign tokens with the one invalid-link page, by GET and by POST, changing nothing", async () => {
    const good = link("more");
    const token = good.split("/").at(-2)!;
    const [body, sig] = token.split(".");
    const flipped = `${body}.${sig![0] === "A" ? "B" : "A"}${sig!.slice(1)}`;
    const swappedPaper = Buffer.from(Buffer.from(body!, "base64url").toString().replace(Buffer.from(paper.id).toString("base64url"), Buffer.from(other.id).toString("base64url"))).toString("base64url");
    const bad: Record<string, string> = {
      tampered: `${appUrl}/feedback/${flipped}/more`,
      otherPaperSameSignature: `${appUrl}/feedback/${swappedPaper}.${sig}/more`,
      wrongKey: `${appUrl}/feedback/${signToken({ purpose: "feedback", subscriberId: reader, editionId: edition, paperId: paper.id }, { current: "another-secret-0123456789abcdef0123456789", previous: [] })}/more`,
      manageToken: `${appUrl}/feedback/${signToken({ purpose: "manage", subscriberId: reader })}/more`,
      unsubscribeToken: `${appUrl}/feedback/${signToken({ purpose: "unsubscribe", subscriberId: reader, editionId: edition })}/more`,
      subscriberGone: link("more", paper.id, "00000000-0000-4000-8000-000000000000"),
      unknownPaper: link("more", "9999.99999"),
      unknownAction: `${appUrl}/feedback/${token}/delete`,
      garbage: `${appUrl}/feedback/not-a-token/more`,
    };
    const invalid = await fetch(`${appUrl}/unsubscribe/not-a-token`);
    const invalidBody = await invalid.text();
    for (const [kind, url] of Object.entries(bad)) {
      const get = await fetch(url, { redirect: "manual" });
      expect([get.status, await get.text()], `GET ${kind}`).toEqual([400, invalidBody]);
      const p = await post(url);
      expect([p.status, await p.text()], `POST ${kind}`).toEqual([400, invalidBody]);
    }
    expect(await feedbackRows()).toEqual({ votes: [], saved: [] });
    // A genuine token still works: the refusals were about the tokens.
    expect((await post(good)).status).toBe(200);
    expect((await feedbackRows()).votes).toHaveLength(1);
  });

  it(`rate-limit a subscriber to ${LIMIT} changes an hour, without touching another subscriber`, async () => {
    const papers = await testDb().paper.findMany({ orderBy: { id: "asc" }, take: LIMIT + 1, select: { id: true } });
    for (const p of papers.slice(0, LIMIT)) expect((await post(link("more", p.id))).status).toBe(200);
    const over = await post(link("more", papers[LIMIT]!.id));
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await over.text()).toContain("Nothing was changed");
    expect((await feedbackRows()).votes).toHaveLength(LIMIT);
    // A GET still shows the page (it counts nothing).
    expect((await fetch(link("less", papers[0]!.id))).status).toBe(200);
    const someoneElse = (await testDb().subscriber.create({ data: { email: `other-${randomUUID()}@example.org`, status: "ACTIVE" } })).id;
    expect((await post(link("save", papers[0]!.id, someoneElse))).status).toBe(200);
    expect((await feedbackRows(someoneElse)).saved).toHaveLength(1);
  });

  it("set muted words, muted authors and followed authors on the preferences page without JavaScript", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(links.manage(reader));
    await page.getByLabel("Muted words").fill("jailbreak\nreward hacking");
    await page.getByLabel("Muted authors").fill("Jonas Costa");
    await page.getByLabel("Authors you follow").fill("Sofia Huang\nsofia huang");
    await page.getByRole("button", { name: "Save these lists" }).click();
    await page.getByText("Your muted words and authors and the authors you follow are saved.").waitFor();
    const rows = await testDb().readerFilter.findMany({ where: { subscriberId: reader }, select: { kind: true, value: true }, orderBy: [{ kind: "asc" }, { value: "asc" }] });
    expect(rows).toEqual([
      { kind: "MUTED_WORD", value: "jailbreak" },
      { kind: "MUTED_WORD", value: "reward hacking" },
      { kind: "MUTED_AUTHOR", value: "Jonas Costa" },
      { kind: "FOLLOWED_AUTHOR", value: "Sofia Huang" },
    ]);
    // The page shows them back, ready to edit.
    expect(await page.getByLabel("Muted words").inputValue()).toBe("jailbreak\nreward hacking");
    // Too many entries: refused with a message, nothing changed.
    await page.getByLabel("Muted words").fill(Array.from({ length: 60 }, (_, i) => `word${i}`).join("\n"));
    await page.getByRole("button", { name: "Save these lists" }).click();
    await page.getByText("Please keep each list to at most").waitFor();
    expect(await testDb().readerFilter.count({ where: { subscriberId: reader } })).toBe(4);
    await context.close();
  });
});
