// Which posts the web server takes on itself: the plain form from this site only; the rest goes to Next.js as before.
import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { isPlainSignupPost } from "@/lib/http/plain-signup";

const post = (headers: Record<string, string>, method = "POST") =>
  ({ method, url: "/", headers: { host: "paperboy.example", "content-type": "multipart/form-data; boundary=x", origin: "https://paperboy.example", ...headers } }) as unknown as IncomingMessage;

describe("isPlainSignupPost", () => {
  it("takes the plain form posted from this site, multipart or urlencoded", () => {
    expect(isPlainSignupPost(post({}))).toBe(true);
    expect(isPlainSignupPost(post({ "content-type": "application/x-www-form-urlencoded" }))).toBe(true);
    expect(isPlainSignupPost(post({ host: "127.0.0.1:3000", "x-forwarded-host": "paperboy.example" }))).toBe(true);
  });

  it("leaves to Next.js the script's action call, another site's post, a post without origin, other bodies and methods", () => {
    expect(isPlainSignupPost(post({ "next-action": "abc" }))).toBe(false);
    expect(isPlainSignupPost(post({ origin: "https://evil.example" }))).toBe(false);
    expect(isPlainSignupPost(post({ origin: "not a url" }))).toBe(false);
    const noOrigin = post({});
    delete (noOrigin.headers as Record<string, string>).origin;
    expect(isPlainSignupPost(noOrigin)).toBe(false);
    expect(isPlainSignupPost(post({ "content-type": "application/json" }))).toBe(false);
    expect(isPlainSignupPost(post({}, "GET"))).toBe(false);
  });
});
