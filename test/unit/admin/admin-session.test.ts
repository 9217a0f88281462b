// The console's pure parts: ADMIN_EMAILS parsing, the session cookie's attributes, CSRF tokens, the Origin check and
// the sign-in link's token.
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseEnv, resetEnvCache } from "@/lib/env";
import { csrfTokenFor, csrfTokenMatches, sessionCookieHeader, sessionCookieName } from "@/lib/admin/session";
import { sameOrigin } from "@/lib/admin/request-origin";
import { signInIdOf, signInLink } from "@/lib/admin/sign-in";
import { signToken } from "@/lib/tokens/tokens";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
  REDIS_URL: "redis://127.0.0.1:6379/0",
  SMTP_URL: "smtp://127.0.0.1:1025",
  APP_URL: "https://papers.example.org/",
  APP_SECRET: "x".repeat(32),
  MAIL_FROM: "Paperboy <d@example.org>",
  POSTAL_ADDRESS: "1 Example Street",
};

const originalAppUrl = process.env.APP_URL;
afterEach(() => {
  process.env.APP_URL = originalAppUrl;
  resetEnvCache();
});

describe("ADMIN_EMAILS", () => {
  it("is a list of canonical (lower-cased) addresses, empty by default", () => {
    expect(parseEnv(valid).ADMIN_EMAILS).toEqual([]);
    expect(parseEnv({ ...valid, ADMIN_EMAILS: " Ops@Example.ORG, b@example.org ,ops@example.org" }).ADMIN_EMAILS).toEqual(["ops@example.org", "b@example.org"]);
  });

  it("refuses something that is not an address, naming the variable", () => {
    expect(() => parseEnv({ ...valid, ADMIN_EMAILS: "ops@example.org, nobody" })).toThrow(ConfigError);
    expect(() => parseEnv({ ...valid, ADMIN_EMAILS: "nobody" })).toThrow(/ADMIN_EMAILS/);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, and Secure with the __Host- prefix over https", () => {
    process.env.APP_URL = "https://papers.example.org";
    resetEnvCache();
    expect(sessionCookieName()).toBe("__Host-paperboy-admin");
    expect(sessionCookieHeader("id.secret", 60)).toBe("__Host-paperboy-admin=id.secret; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=60");
  });

  it("is not Secure over plain http (a browser would drop it)", () => {
    process.env.APP_URL = "http://127.0.0.1:3000";
    resetEnvCache();
    expect(sessionCookieHeader("id.secret", 60)).toBe("paperboy-admin=id.secret; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
  });
});

describe("CSRF tokens", () => {
  const a = "3f2b6d0e-1111-4aaa-8bbb-123456789abc";
  const b = "3f2b6d0e-2222-4aaa-8bbb-123456789abc";
  it("belong to one session", () => {
    expect(csrfTokenMatches(a, csrfTokenFor(a))).toBe(true);
    expect(csrfTokenMatches(a, csrfTokenFor(b))).toBe(false);
    expect(csrfTokenMatches(a, "")).toBe(false);
    expect(csrfTokenMatches(a, null)).toBe(false);
    expect(csrfTokenMatches(a, csrfTokenFor(a, "another-secret-0123456789abcdef0123"))).toBe(false);
  });
});

describe("the Origin check", () => {
  it("accepts this site's origin only", () => {
    expect(sameOrigin("https://papers.example.org", "https://papers.example.org")).toBe(true);
    expect(sameOrigin("https://papers.example.org", "https://papers.example.org/sub")).toBe(true);
    expect(sameOrigin(null, "https://papers.example.org")).toBe(false);
    expect(sameOrigin("null", "https://papers.example.org")).toBe(false);
    expect(sameOrigin("http://papers.example.org", "https://papers.example.org")).toBe(false);
    expect(sameOrigin("https://papers.example.org.evil.example", "https://papers.example.org")).toBe(false);
    expect(sameOrigin("https://papers.example.org:8443", "https://papers.example.org")).toBe(false);
  });
});

describe("the sign-in link", () => {
  const id = "3f2b6d0e-1111-4aaa-8bbb-123456789abc";
  it("names its sign-in until it expires", () => {
    const now = Date.now();
    const token = signInLink(id, new Date(now + 15 * 60_000)).split("/").at(-1)!;
    expect(signInIdOf(token, new Date(now))).toBe(id);
    expect(signInIdOf(token, new Date(now + 15 * 60_000 + 1000))).toBeNull();
  });

  it("is refused when it was made for another purpose", () => {
    const confirm = signToken({ purpose: "confirm", subscriberId: id, expiresAt: Math.floor(Date.now() / 1000) + 600 });
    expect(signInIdOf(confirm, new Date())).toBeNull();
    expect(signInIdOf(undefined, new Date())).toBeNull();
  });
});
