// Every mail, rendered as it is sent and opened in Chromium at a phone's width (390 px), with its PreviewProps and
// with long, realistic data: nothing scrolls sideways, the name comes first (not "view in browser"), links have the
// site's colour, the confirmation and welcome buttons look alike, nothing reads like internal wording, and the text
// keeps its contrast in light and dark mode. Screenshots go to test-results/mails/ (not committed).
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { createElement, type ComponentType } from "react";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { seriousAxeViolations, sidewaysOverflow } from "../helpers/axe";
import { renderEmail } from "@/lib/mail/render-email";
import { renderDigest, type ContentInput, type PaperForMail } from "@/lib/digest/digest-content";
import { links } from "@/lib/tokens/tokens";
import { firstDigestLabel } from "@/lib/digest/next-digest";
import { TAXONOMY } from "@/lib/topics/taxonomy";
import { colours } from "@/emails/components/theme";
import ConfirmSubscription from "@/emails/confirm-subscription";
import Welcome from "@/emails/welcome";

const dir = path.resolve(import.meta.dirname, "../../emails");
const shots = path.resolve("test-results/mails");
type Template = ComponentType<Record<string, unknown>> & { PreviewProps?: Record<string, unknown> };
let browser: Browser;

const postalAddress = "Paperboy Reading Group at the Institute for Extraordinarily Long Department Names, 1 Example Street, 12345 Exampleton";
const SUBSCRIBER = "3f2b8c1e-7a4d-4e8f-9b1c-2d3e4f5a6b7c";

/** Ten papers as the recorded data has them at their longest: long titles, LaTeX, long words and URLs in abstracts. */
function longDigest() {
  const papers = new Map<string, PaperForMail>();
  const ids: string[] = [];
  for (let i = 0; i < 13; i++) {
    const id = `2503.${String(10000 + i)}`;
    ids.push(id);
    papers.set(id, {
      id,
      title: `Towards Understanding Pneumonoultramicroscopicsilicovolcanoconiosis-Scale Multimodal Retrieval-Augmented Chain-of-Thought Distillation via $\\mathcal{O}(n\\log n)$ Speculative Decoding, part ${i}`,
      summary: `We release everything at https://github.com/an-organisation-with-a-long-name/an-even-longer-repository-name-for-the-code-${i}/tree/main/experiments and show a 100$\\times$ speed-up. `.repeat(3),
      authors: ["Ada Lovelace-Byron-King", "Alan Mathison Turing", "Grace Brewster Murray Hopper", "Edsger Wybe Dijkstra"],
      upvotes: 321 - i,
      githubRepo: `https://github.com/an-organisation-with-a-long-name/repository-${i}`,
    });
  }
  const input: ContentInput = {
    editionId: "0b5f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e",
    date: "2025-03-14",
    frequency: "DAILY",
    paperIds: ids.slice(0, 10),
    reasons: ids.slice(0, 10).map((_, i) =>
      i % 2 ? "Computer vision: weak match: arXiv cs.CV" : "LLM inference and efficiency: matched 'speculative decoding', 'kv cache', 'draft model'; arXiv cs.CL",
    ),
    alsoTrendingIds: ids.slice(10),
    contentKey: "AbCdEfGhIjKlMnOpQrStUv",
  };
  return { input, papers };
}

async function renderAll(): Promise<{ name: string; html: string }[]> {
  const out: { name: string; html: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tsx"))) {
    const Template = ((await import(path.join(dir, file))) as { default: Template }).default;
    out.push({ name: `${file.replace(/\.tsx$/, "")}-preview`, html: (await renderEmail(createElement(Template, Template.PreviewProps))).html });
  }
  const confirm = await renderEmail(
    createElement(ConfirmSubscription, { confirmUrl: links.confirm(SUBSCRIBER), expiresInHours: 72, postalAddress }),
  );
  out.push({ name: "confirm-subscription-long", html: confirm.html });
  const welcome = await renderEmail(
    createElement(Welcome, {
      topicNames: TAXONOMY.map((t) => t.name),
      frequency: "weekly",
      firstDigest: firstDigestLabel("WEEKLY", new Date("2026-12-01T12:00:00Z"), { hour: 7, timeZone: "America/Argentina/Buenos_Aires", weekday: 1 }),
      manageUrl: links.manage(SUBSCRIBER),
      unsubscribeUrl: links.unsubscribe(SUBSCRIBER),
      postalAddress,
    }),
  );
  out.push({ name: "welcome-long", html: welcome.html });
  const { input, papers } = longDigest();
  const digest = await renderDigest(input, papers, { appUrl: process.env.APP_URL!, postalAddress }, {
    manageUrl: links.manage(SUBSCRIBER),
    unsubscribeUrl: links.unsubscribe(SUBSCRIBER),
  });
  out.push({ name: "daily-digest-long", html: digest.html });
  return out;
}

let mails: { name: string; html: string }[] = [];

beforeAll(async () => {
  mails = await renderAll();
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function show(html: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme, bypassCSP: true });
  const page = await context.newPage();
  await page.setContent(html);
  return page;
}

describe("every mail at 390 px in Chromium", () => {
  it("renders them all (every template with its PreviewProps, and the long ones)", () => {
    expect(mails.map((m) => m.name)).toEqual(
      expect.arrayContaining(["confirm-subscription-preview", "welcome-preview", "daily-digest-preview", "confirm-subscription-long", "welcome-long", "daily-digest-long"]),
    );
  });

  for (const name of ["confirm-subscription-preview", "welcome-preview", "daily-digest-preview", "confirm-subscription-long", "welcome-long", "daily-digest-long"]) {
    it(`${name}: fits the width, the name first, links in the site's colour, readable in light and dark mode`, async () => {
      const html = mails.find((m) => m.name === name)!.html;
      for (const scheme of ["light", "dark"] as const) {
        const page = await show(html, scheme);
        await page.screenshot({ path: path.join(shots, `${name}-390-${scheme}.png`), fullPage: true });
        expect(await sidewaysOverflow(page), `${name} (${scheme}) scrolls sideways`).toBeLessThanOrEqual(0);
        expect(await seriousAxeViolations(page, ["color-contrast"]), `${name} (${scheme}) contrast`).toEqual([]);
        if (scheme === "light") {
          // The first thing read (after the hidden inbox preview) is the name, not a "view in browser" link.
          const firstWords = await page.evaluate(() => {
            const preview = document.querySelector("[data-skip-in-text]");
            const text = document.body.innerText.replace(preview instanceof HTMLElement ? preview.innerText : "", "");
            return text.trim().split("\n")[0];
          });
          expect(firstWords?.trim().toLowerCase()).toBe("paperboy");
          const linkColours = await page.locator("a:not([href^='mailto'])").evaluateAll((as) =>
            as.filter((a) => !(a as HTMLElement).style.backgroundColor).map((a) => getComputedStyle(a).color),
          );
          expect(new Set(linkColours)).toEqual(new Set(["rgb(29, 78, 216)"]));
        }
        await page.context().close();
      }
      expect(html).toMatch(/<meta name="color-scheme" content="light dark"/);
      expect(html).not.toMatch(/weak match|matched '|arXiv cs\./);
    }, 60_000);
  }

  it("the site and the mails share the link colour", () => {
    expect(colours.link.toLowerCase()).toBe("#1d4ed8");
  });

  it("confirmation and welcome have the same button style; the welcome says when the first digest arrives", async () => {
    const style = async (name: string) => {
      const page = await show(mails.find((m) => m.name === name)!.html);
      const s = await page.locator("a", { hasText: /Confirm my subscription|Open my preferences/ }).evaluate((a) => {
        const c = getComputedStyle(a);
        return [c.backgroundColor, c.color, c.borderRadius, c.paddingTop, c.paddingLeft, c.fontWeight, c.fontSize].join(" ");
      });
      await page.context().close();
      return s;
    };
    expect(await style("welcome-preview")).toBe(await style("confirm-subscription-preview"));
    const welcome = await show(mails.find((m) => m.name === "welcome-long")!.html);
    expect(await welcome.locator("body").innerText()).toMatch(/first digest arrives on Monday, 7 December 2026, around 07:00 \(America\/Argentina\/Buenos Aires time\)/);
    await welcome.context().close();
  });
});
