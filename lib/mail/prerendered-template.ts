// A mail rendered once with React Email and filled per recipient: each slot (a link, a token) is rendered as a
// placeholder, and the HTML and text are cut at the placeholders, so a recipient's mail is a join of strings instead
// of a React render of the HTML and another of the text. The digest's send path works the same way.
import { randomBytes } from "node:crypto";
import type { ReactElement } from "react";
import { renderEmail, type RenderedEmail } from "@/lib/mail/render-email";

export interface PrerenderedTemplate<K extends string> {
  fill(values: Record<K, string>): RenderedEmail;
}

interface Cut<K extends string> {
  parts: string[];
  slots: K[];
}

/** As React escapes text and attribute values, so a filled value reads as a rendered one. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]!);
}

function cut<K extends string>(rendered: string, byPlaceholder: Map<string, K>, pattern: RegExp): Cut<K> {
  const parts: string[] = [];
  const slots: K[] = [];
  let last = 0;
  for (const m of rendered.matchAll(pattern)) {
    parts.push(rendered.slice(last, m.index));
    slots.push(byPlaceholder.get(m[0])!);
    last = m.index + m[0].length;
  }
  parts.push(rendered.slice(last));
  return { parts, slots };
}

function join<K extends string>(c: Cut<K>, values: Record<K, string>, escape: (s: string) => string): string {
  let out = c.parts[0]!;
  for (let i = 0; i < c.slots.length; i++) out += escape(values[c.slots[i]!]) + c.parts[i + 1]!;
  return out;
}

/**
 * Renders `build` once with a placeholder in each slot. Placeholders are letters and digits only, so neither the
 * HTML escaping nor the text conversion changes them; a slot whose placeholder is not found in the HTML is refused.
 */
export async function prerenderTemplate<K extends string>(
  slots: readonly K[],
  build: (placeholders: Record<K, string>) => ReactElement,
): Promise<PrerenderedTemplate<K>> {
  const tag = randomBytes(8).toString("hex");
  const placeholders = Object.fromEntries(slots.map((s, i) => [s, `paperboyslot${i}x${tag}`])) as Record<K, string>;
  const byPlaceholder = new Map(slots.map((s) => [placeholders[s], s] as const));
  const pattern = new RegExp(`paperboyslot\\d+x${tag}`, "g");
  const rendered = await renderEmail(build(placeholders));
  const html = cut(rendered.html, byPlaceholder, pattern);
  const text = cut(rendered.text, byPlaceholder, pattern);
  for (const s of slots) if (!html.slots.includes(s)) throw new Error(`template slot ${s} was not rendered`);
  return { fill: (values) => ({ html: join(html, values, escapeHtml), text: join(text, values, (s) => s) }) };
}
