import { describe, expect, it } from "vitest";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";

const ok = (raw: unknown) => {
  const r = normaliseEmail(raw);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be accepted, got: ${r.message}`);
  return r.email;
};
const message = (raw: unknown) => {
  const r = normaliseEmail(raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${r.email}`);
  return r.message;
};

describe("normaliseEmail", () => {
  it("trims spaces and lower-cases the domain but keeps the local part's case", () => {
    expect(ok("  Ada.Lovelace@Example.ORG ")).toBe("Ada.Lovelace@example.org");
    expect(ok("a+tag@sub.example.co.uk")).toBe("a+tag@sub.example.co.uk");
  });

  it("converts an internationalised domain to its ASCII form", () => {
    expect(ok("ada@bücher.example")).toBe("ada@xn--bcher-kva.example");
  });

  it("refuses CR, LF, NUL, TAB, DEL, C1 controls and line separators anywhere, with a clear message", () => {
    for (const bad of ["ada@example.org\r\nBcc: x@evil.test", "ada@example.org\n", "ada\u0000@example.org", "ada\t@example.org", "ada@exa\u007fmple.org", "ada@example.org\u0085", "ada@example.org\u2028"]) {
      expect(message(bad)).toMatch(/line break or another invisible control character/);
    }
  });

  it("refuses addresses longer than 254 characters and local parts longer than 64", () => {
    const label = "a".repeat(60);
    const long = `ada@${[label, label, label, label].join(".")}.org`; // 251 characters
    expect(ok(long)).toBe(long);
    const tooLong = `adalove@${[label, label, label, label].join(".")}.org`; // 255
    expect(tooLong.length).toBe(255);
    expect(message(tooLong)).toMatch(/too long \(at most 254/);
    expect(ok(`${"a".repeat(64)}@example.org`)).toBe(`${"a".repeat(64)}@example.org`);
    expect(message(`${"a".repeat(65)}@example.org`)).toMatch(/before the @ is too long \(at most 64/);
    expect(message("a".repeat(100_000))).toMatch(/too long/);
  });

  it("explains each malformed shape", () => {
    expect(message("")).toMatch(/enter your e-mail/);
    expect(message("   ")).toMatch(/enter your e-mail/);
    expect(message(undefined)).toMatch(/enter your e-mail/);
    expect(message(42)).toMatch(/enter your e-mail/);
    expect(message("ada")).toMatch(/exactly one @/);
    expect(message("ada@@example.org")).toMatch(/exactly one @/);
    expect(message('"a@b"@example.org')).toMatch(/exactly one @/);
    expect(message("@example.org")).toMatch(/name before the @/);
    expect(message("ada@")).toMatch(/domain after the @/);
    expect(message("ada lovelace@example.org")).toMatch(/spaces/);
    expect(message(".ada@example.org")).toMatch(/no dot at the start/);
    expect(message("ada..l@example.org")).toMatch(/no two dots/);
    expect(message("ada(comment)@example.org")).toMatch(/may contain only/);
    expect(message("ada<script>@example.org")).toMatch(/may contain only/);
    expect(message("ada@localhost")).toMatch(/domain name such as example.org/);
    expect(message("ada@-example.org")).toMatch(/domain name/);
    expect(message("ada@example..org")).toMatch(/domain name/);
    expect(message("ada@[127.0.0.1]")).toMatch(/domain name/);
    expect(message("ada@example.o")).toMatch(/domain name/);
    expect(message(`ada@${"a".repeat(64)}.org`)).toMatch(/domain name/);
  });
});
