// The busy page shows what a visitor sent: every value escaped, the form's hidden fields kept, anything odd left out.
import { expect, it } from "vitest";
import { BUSY_PAGE, busyPageWithForm } from "@/lib/http/busy-page";

it("fills the form in from the posted fields, escaped, with the hidden fields that make it the same form", () => {
  const html = busyPageWithForm([
    ["$ACTION_REF_1", ""],
    ["$ACTION_1:0", '{"id":"abc","bound":"$@1"}'],
    ["stamp", "s.t.p"],
    ["email", '"><script>alert(1)</script>@example.org'],
    ["topics", "vision"],
    ["topics", "<b>x</b>"],
    ["frequency", "weekly"],
    ["website", ""],
  ]);
  expect(html).not.toContain("<script>");
  expect(html).not.toContain("<b>x</b>");
  expect(html).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;@example.org"');
  expect(html).toContain('<input type="hidden" name="$ACTION_1:0" value="{&#34;id&#34;:&#34;abc&#34;,&#34;bound&#34;:&#34;$@1&#34;}">');
  expect(html).toContain('<input type="hidden" name="stamp" value="s.t.p">');
  expect(html).toContain('name="topics" value="vision" checked');
  expect(html).toContain('value="weekly" checked');
});

it("answers the page without the form when nothing or too much was sent", () => {
  expect(busyPageWithForm([])).toBe(BUSY_PAGE);
  expect(busyPageWithForm([["email", "x".repeat(5_000)]])).toBe(BUSY_PAGE);
  expect(busyPageWithForm(Array.from({ length: 500 }, () => ["topics", "vision"] as [string, string]))).toBe(BUSY_PAGE);
});
