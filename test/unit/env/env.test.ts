import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
  REDIS_URL: "redis://127.0.0.1:6379/0",
  SMTP_URL: "smtp://127.0.0.1:1025",
  APP_URL: "https://papers.example.org/",
  APP_SECRET: "x".repeat(32),
  MAIL_FROM: "Paperboy <d@example.org>",
  POSTAL_ADDRESS: "1 Example Street",
};

describe("parseEnv", () => {
  it("accepts a complete environment and applies defaults", () => {
    const e = parseEnv(valid);
    expect(e.APP_URL).toBe("https://papers.example.org");
    expect(e.DIGEST_TOP_N).toBe(10);
    expect(e.DIGEST_STALE_CLAIM_SECONDS).toBe(600);
    expect(e.APP_SECRET_PREVIOUS).toEqual([]);
  });

  it("names every missing variable", () => {
    try {
      parseEnv({});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const name of ["DATABASE_URL", "REDIS_URL", "SMTP_URL", "APP_URL", "APP_SECRET", "MAIL_FROM", "POSTAL_ADDRESS"])
        expect(msg).toContain(`${name} is missing`);
    }
  });

  it("explains malformed values", () => {
    expect(() => parseEnv({ ...valid, REDIS_URL: "http://x" })).toThrow(/REDIS_URL must be a redis: or rediss: URL/);
    expect(() => parseEnv({ ...valid, APP_SECRET: "short" })).toThrow(/APP_SECRET must be at least 32 characters/);
    expect(() => parseEnv({ ...valid, DIGEST_HOUR: "25" })).toThrow(/DIGEST_HOUR/);
    expect(() => parseEnv({ ...valid, DIGEST_SKIP_EMPTY: "maybe" })).toThrow(/DIGEST_SKIP_EMPTY/);
    expect(() => parseEnv({ ...valid, DIGEST_STALE_CLAIM_SECONDS: "1" })).toThrow(/DIGEST_STALE_CLAIM_SECONDS/);
    expect(() => parseEnv({ ...valid, DIGEST_FANOUT_PAGE_SIZE: "0" })).toThrow(/DIGEST_FANOUT_PAGE_SIZE/);
  });

  it("treats empty strings as unset", () => {
    expect(() => parseEnv({ ...valid, APP_SECRET: "" })).toThrow(/APP_SECRET is missing/);
    expect(parseEnv({ ...valid, DKIM_DOMAIN: "" }).DKIM_DOMAIN).toBeUndefined();
  });
});
