import { describe, expect, it } from "vitest";
import { maskEmail } from "@/lib/subscribers/mask-email";

describe("maskEmail", () => {
  it("keeps the first letter and the domain", () => {
    expect(maskEmail("grace.hopper@example.org")).toBe("g***@example.org");
    expect(maskEmail("a@b.example")).toBe("a***@b.example");
  });
  it("hides anything that is not an address", () => {
    expect(maskEmail("no-at-sign")).toBe("***");
    expect(maskEmail("@example.org")).toBe("***");
  });
});
