import { describe, expect, it } from "vitest";
import { parseSignupForm, rawSignupFromFormData } from "@/lib/subscribers/signup-form";
import { checkFormStamp, issueFormStamp } from "@/lib/subscribers/form-stamp";
import { parsePauseDate } from "@/lib/subscribers/preferences";
import { clientInfo } from "@/lib/http/client-info";

const good = { email: "ada@example.org", topics: ["reasoning"], frequency: "daily", honeypot: "", stamp: "x" };

describe("parseSignupForm", () => {
  it("accepts a good form and normalises the address", () => {
    const r = parseSignupForm({ ...good, email: "Ada@EXAMPLE.org", topics: ["reasoning", "reasoning", "speech"] });
    expect(r).toEqual({ ok: true, value: { email: "Ada@example.org", emailKey: "ada@example.org", topicSlugs: ["reasoning", "speech"], frequency: "daily", honeypot: "", stamp: "x" } });
  });

  it("reads repeated topic fields from FormData", () => {
    const fd = new FormData();
    fd.set("email", "ada@example.org");
    fd.append("topics", "reasoning");
    fd.append("topics", "speech");
    fd.set("frequency", "weekly");
    fd.set("website", "");
    fd.set("stamp", "s");
    expect(rawSignupFromFormData(fd)).toEqual({ email: "ada@example.org", topics: ["reasoning", "speech"], frequency: "weekly", honeypot: "", stamp: "s" });
  });

  it("gives one message per bad field", () => {
    const r = parseSignupForm({ email: "nope", topics: [], frequency: "hourly", honeypot: "", stamp: "" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.email).toMatch(/exactly one @/);
    expect(r.errors.topics).toMatch(/at least one topic/);
    expect(r.errors.frequency).toMatch(/daily or weekly/);
  });

  it("refuses control characters in every field", () => {
    const cases: [Partial<typeof good> | Record<string, unknown>, string][] = [
      [{ email: "ada@example.org\r\n" }, "email"],
      [{ topics: ["reasoning\n"] }, "topics"],
      [{ topics: ["reasoning", "speech\u0000"] }, "topics"],
      [{ frequency: "daily\r\n" }, "frequency"],
      [{ honeypot: "x\u0000" }, "form"],
      [{ stamp: "abc\ndef" }, "form"],
    ];
    for (const [patch, field] of cases) {
      const r = parseSignupForm({ ...good, ...patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      if (!r.ok) expect(r.errors[field as keyof typeof r.errors], JSON.stringify(patch)).toMatch(/control character|unexpected content/);
    }
  });

  it("refuses malformed topic values, too many topics and odd types", () => {
    for (const topics of [["Reasoning"], ["../etc"], ["a b"], [42], Array.from({ length: 51 }, (_, i) => `t${i}`), ["x".repeat(65)]]) {
      const r = parseSignupForm({ ...good, topics });
      expect(r.ok, JSON.stringify(topics).slice(0, 60)).toBe(false);
    }
    expect(parseSignupForm({ ...good, topics: "reasoning" }).ok).toBe(true);
    expect(parseSignupForm({ ...good, honeypot: "x".repeat(1001) }).ok).toBe(false);
    expect(parseSignupForm({ ...good, stamp: "x".repeat(201) }).ok).toBe(false);
  });
});

describe("form stamp (minimum fill time)", () => {
  const secret = "s".repeat(32);
  it("tells too fast, old enough and forged stamps apart", () => {
    const t = Date.UTC(2026, 10, 28, 12);
    const stamp = issueFormStamp(t, secret);
    expect(checkFormStamp(stamp, { now: t + 500, minFillMs: 1500, secret })).toBe("too-fast");
    expect(checkFormStamp(stamp, { now: t + 1500, minFillMs: 1500, secret })).toBe("ok");
    expect(checkFormStamp(stamp, { now: t + 2 * 86400_000, minFillMs: 1500, secret })).toBe("invalid");
    const backdated = `${(t - 10_000).toString(36)}.${stamp.split(".")[1]}`;
    expect(checkFormStamp(backdated, { now: t + 10, minFillMs: 1500, secret })).toBe("invalid");
    expect(checkFormStamp("", { now: t, minFillMs: 0, secret })).toBe("invalid");
    expect(checkFormStamp(stamp, { now: t + 5000, minFillMs: 0, secret: "o".repeat(32) })).toBe("invalid");
  });
});

describe("parsePauseDate", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  it("accepts a future day within a year and explains everything else", () => {
    expect(parsePauseDate("2026-12-24", now)).toEqual({ ok: true, until: new Date("2026-12-24T00:00:00Z") });
    expect(parsePauseDate("2026-11-28", now)).toMatchObject({ ok: false, message: expect.stringMatching(/future/) });
    expect(parsePauseDate("2028-01-01", now)).toMatchObject({ ok: false, message: expect.stringMatching(/at most a year/) });
    expect(parsePauseDate("2026-02-30", now)).toMatchObject({ ok: false, message: expect.stringMatching(/does not exist/) });
    expect(parsePauseDate("24.12.2026", now)).toMatchObject({ ok: false, message: expect.stringMatching(/YYYY-MM-DD/) });
    expect(parsePauseDate("2026-12-24\n", now)).toMatchObject({ ok: false, message: expect.stringMatching(/YYYY-MM-DD/) });
    expect(parsePauseDate("", now)).toMatchObject({ ok: false });
    expect(parsePauseDate(undefined, now)).toMatchObject({ ok: false });
  });
});

describe("clientInfo", () => {
  it("takes the right-most forwarded address and cleans the user agent", () => {
    const h = new Headers({ "x-forwarded-for": "1.1.1.1, 10.0.0.9", "user-agent": "Bot" });
    expect(clientInfo(h)).toEqual({ ip: "10.0.0.9", userAgent: "Bot" });
    expect(clientInfo(new Headers({ "user-agent": "x".repeat(600) })).userAgent).toHaveLength(512);
    expect(clientInfo(new Headers()).ip).toBe("unknown");
  });
});
