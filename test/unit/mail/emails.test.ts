// Every template in emails/ (present and future) renders with its PreviewProps to HTML and to plain text.
import { readdirSync } from "node:fs";
import path from "node:path";
import { createElement, type ComponentType } from "react";
import { describe, expect, it } from "vitest";
import { renderEmail } from "@/lib/mail/render-email";

const dir = path.resolve(import.meta.dirname, "../../../emails");
const templates = readdirSync(dir).filter((f) => f.endsWith(".tsx"));

type Template = ComponentType<Record<string, unknown>> & { PreviewProps?: Record<string, unknown> };

/** Every URL among the preview props (including nested ones), which must survive into both renderings. */
function urlsIn(value: unknown): string[] {
  if (typeof value === "string") return /^https?:\/\//.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(urlsIn);
  return [];
}

describe("email templates", () => {
  it("finds the templates", () => {
    expect(templates).toEqual(expect.arrayContaining(["confirm-subscription.tsx", "welcome.tsx"]));
  });

  for (const file of templates) {
    it(`${file} renders HTML and plain text from its PreviewProps`, async () => {
      const mod = (await import(path.join(dir, file))) as { default?: Template };
      const Template = mod.default;
      expect(typeof Template, `${file} needs a default export`).toBe("function");
      const props = Template!.PreviewProps;
      expect(props, `${file} needs PreviewProps`).toBeTypeOf("object");
      const { html, text } = await renderEmail(createElement(Template!, props));
      expect(html).toMatch(/^<!DOCTYPE html/i);
      expect(html).toContain("</html>");
      expect(text.trim().length).toBeGreaterThan(50);
      expect(text).not.toMatch(/<\/?(html|body|div|table|a)\b/i);
      for (const url of urlsIn(props)) {
        expect(html, `${file}: ${url} in HTML`).toContain(url);
        expect(text, `${file}: ${url} in text`).toContain(url);
      }
      // The footer's postal address (CAN-SPAM) is in every mail.
      if (typeof props!.postalAddress === "string") {
        expect(text).toContain(props!.postalAddress);
      }
    });
  }
});
