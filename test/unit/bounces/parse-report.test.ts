import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kindOfStatus, parseReport } from "@/lib/bounces/parse-report";

const dir = path.resolve(import.meta.dirname, "../../fixtures/bounces");
const verp = { localPart: "bounces", domain: "bounces.example.org" };

interface Expected {
  kind: "report" | "unparseable";
  reportKey?: string;
  events?: { kind: string; recipient: string | null; status: string | null }[];
  verpTokens?: string[];
  originalMessageId?: string | null;
}
const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Record<string, Expected>;

describe("the bounce and complaint corpus", () => {
  it("has an expectation for every message in the folder", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".eml")).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`${file} parses to ${want.kind === "report" ? `${want.events!.length} event(s)` : "unparseable"}`, () => {
      const got = parseReport(readFileSync(path.join(dir, file)), { verp });
      expect(got.kind).toBe(want.kind);
      if (got.kind !== "report") {
        expect(got.reason.length).toBeGreaterThan(0);
        return;
      }
      expect(got.events.map((e) => ({ kind: e.kind, recipient: e.recipient, status: e.status }))).toEqual(want.events);
      expect(got.verpTokens).toEqual(want.verpTokens);
      expect(got.originalMessageId).toBe(want.originalMessageId);
      if (want.reportKey === "sha256") expect(got.reportKey).toMatch(/^sha256:[0-9a-f]{64}$/);
      else expect(got.reportKey).toBe(want.reportKey);
    });
  }

  it("prefers the id of the envelope recipient", () => {
    const raw = readFileSync(path.join(dir, "postfix-hard-user-unknown.eml"));
    const other = `d${"b".repeat(42)}`;
    const got = parseReport(raw, { verp, envelopeTo: [`bounces+${other}@BOUNCES.example.org`] });
    expect(got.kind === "report" && got.verpTokens[0]).toBe(other);
  });

  it("finds no ids when no bounce domain is configured", () => {
    const got = parseReport(readFileSync(path.join(dir, "postfix-hard-user-unknown.eml")), { verp: null });
    expect(got.kind === "report" && got.verpTokens).toEqual([]);
  });
});

describe("kindOfStatus", () => {
  it("tells hard from soft and delayed", () => {
    expect(kindOfStatus("5.1.1", "failed")).toBe("HARD");
    expect(kindOfStatus("5.4.4", "failed")).toBe("HARD");
    expect(kindOfStatus("5.2.2", "failed")).toBe("SOFT");
    expect(kindOfStatus("5.7.1", "failed")).toBe("SOFT");
    expect(kindOfStatus("4.2.2", "failed")).toBe("SOFT");
    expect(kindOfStatus("4.4.1", "delayed")).toBe("DELAYED");
    expect(kindOfStatus("5.1.1", "delayed")).toBe("DELAYED");
    expect(kindOfStatus("2.0.0", "delivered")).toBeNull();
    expect(kindOfStatus("2.0.0", null)).toBeNull();
  });
});
