// The build's static files kept in memory: asked of Next.js once, kept only when whole and plain, and only for the
// requests Next.js would answer with the file itself.
import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { StaticFiles } from "@/lib/http/static-files";

const request = (url: string, headers: Record<string, string> = {}, method = "GET") => ({ url, method, headers }) as unknown as IncomingMessage;

describe("StaticFiles", () => {
  it("answers only plain GETs of /_next/static/ paths, and leaves revalidation and ranges to Next.js", () => {
    expect(StaticFiles.pathOf(request("/_next/static/chunks/abc-123.js"))).toBe("/_next/static/chunks/abc-123.js");
    expect(StaticFiles.pathOf(request("/_next/static/media/font.woff2"))).toBe("/_next/static/media/font.woff2");
    for (const url of ["/_next/static/../server/x.js", "/_next/static/chunks/%2e%2e/x.js", "/_next/static/chunks/a.js?v=1", "/_next/image/x", "/"]) {
      expect(StaticFiles.pathOf(request(url)), url).toBeUndefined();
    }
    expect(StaticFiles.pathOf(request("/_next/static/chunks/a.js", {}, "HEAD"))).toBeUndefined();
    expect(StaticFiles.pathOf(request("/_next/static/chunks/a.js", { "if-none-match": '"x"' }))).toBeUndefined();
    expect(StaticFiles.pathOf(request("/_next/static/chunks/a.js", { range: "bytes=0-1" }))).toBeUndefined();
  });

  it("asks once for a file however many ask at once, keeps a 200 without its transfer headers, and never a 404", async () => {
    const asked: string[] = [];
    const files = new StaticFiles({
      maxFileBytes: 1024,
      maxTotalBytes: 4096,
      fetch: async (path) => {
        asked.push(path);
        if (path.endsWith("missing.js")) return { status: 404, headers: [], body: Buffer.from("no") };
        return { status: 200, headers: [["content-type", "application/javascript"], ["content-encoding", "gzip"], ["date", "x"], ["cache-control", "public, max-age=31536000, immutable"]], body: Buffer.from("js") };
      },
    });
    const answers = await Promise.all([1, 2, 3].map(() => files.serve("/_next/static/chunks/a.js")));
    expect(answers.map((a) => a?.body.toString())).toEqual(["js", "js", "js"]);
    expect(answers[0]!.headers).toEqual([["content-type", "application/javascript"], ["cache-control", "public, max-age=31536000, immutable"]]);
    await files.serve("/_next/static/chunks/a.js");
    expect(await files.serve("/_next/static/chunks/missing.js")).toBeUndefined();
    expect(await files.serve("/_next/static/chunks/missing.js")).toBeUndefined();
    expect(asked).toEqual(["/_next/static/chunks/a.js", "/_next/static/chunks/missing.js", "/_next/static/chunks/missing.js"]);
  });

  it("does not keep a file over its bound, nor past the total", async () => {
    let asked = 0;
    const files = new StaticFiles({
      maxFileBytes: 10,
      maxTotalBytes: 15,
      fetch: async (path) => {
        asked++;
        return { status: 200, headers: [], body: Buffer.alloc(path.endsWith("big.js") ? 11 : 8) };
      },
    });
    expect(await files.serve("/_next/static/big.js")).toBeUndefined();
    await files.serve("/_next/static/a.js");
    await files.serve("/_next/static/b.js");
    await files.serve("/_next/static/a.js");
    await files.serve("/_next/static/b.js");
    // big once (refused), a once (kept), b twice (over the total: served, not kept).
    expect(asked).toBe(4);
  });
});
