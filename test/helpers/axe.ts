// axe-core run inside a Chromium page: the serious and critical accessibility violations, with the elements that
// cause them, so a failure says what to fix. Target size (WCAG 2.2, 24 px) is checked too.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Needs a context with JavaScript enabled and bypassCSP (the page's own policy does not allow injected scripts). */
export async function seriousAxeViolations(page: Page, only?: string[]): Promise<AxeProblem[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (rules) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const options = rules ? { runOnly: { type: "rule", values: rules } } : { rules: { "target-size": { enabled: true } } };
    const result = await axe.run(document, options);
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.slice(0, 5).map((n) => String(n.target)) }));
  }, only ?? null);
}

/** How far the page scrolls sideways (0 when it fits the viewport). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
