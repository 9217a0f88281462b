// The web app's HTTP server: Next.js's request handler behind two response filters that Next.js itself cannot apply.
// 1. Every HTML answer gets a Content-Security-Policy that allows exactly the inline scripts it carries (by hash), so
//    cached pages keep being served from the cache; see content-security-policy.ts.
// 2. A server action that met an overload asks (response-hints.ts) for 503 with Retry-After, which Next.js has no
//    API for.
// HTML answers are small (pages stay under 100 KB) and are buffered whole before they leave; everything else streams.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";
import { policyForHtml } from "@/lib/http/content-security-policy";
import { withResponseHints, type ResponseHints } from "@/lib/http/response-hints";

type Chunk = string | Buffer | Uint8Array;

function isHtml(res: ServerResponse): boolean {
  const type = res.getHeader("content-type");
  return typeof type === "string" && type.startsWith("text/html");
}

function toBuffer(chunk: Chunk, encoding?: BufferEncoding): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, encoding ?? "utf8") : Buffer.from(chunk);
}

/** Holds HTML bodies until the end, then sets the policy and any hinted status before anything is sent. */
export function filterResponse(res: ServerResponse, hints: ResponseHints): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders };
  const chunks: Buffer[] = [];
  let mode: "undecided" | "buffer" | "pass" = "undecided";

  const restore = () => Object.assign(res, original);
  const applyHints = () => {
    if (!hints.status) return;
    res.statusCode = hints.status;
    if (hints.retryAfterSeconds) res.setHeader("Retry-After", String(hints.retryAfterSeconds));
    // An answer that says "try again" must not be kept by any cache.
    res.setHeader("Cache-Control", "no-store");
  };
  const decide = () => {
    if (mode !== "undecided") return;
    mode = isHtml(res) ? "buffer" : "pass";
    if (mode === "pass") {
      restore();
      applyHints();
    }
  };
  const queuedCallback = (cb: unknown) => {
    if (typeof cb === "function") process.nextTick(cb as () => void);
  };

  res.writeHead = function writeHead(this: ServerResponse, status: number, ...rest: unknown[]) {
    res.statusCode = status;
    const headers = rest.find((r) => r && typeof r === "object") as Record<string, string | string[] | number> | undefined;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    } else if (headers) {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    }
    decide();
    return res;
  } as ServerResponse["writeHead"];

  res.flushHeaders = function flushHeaders() {
    decide();
    if (mode === "pass") res.flushHeaders();
  };

  res.write = function write(chunk: Chunk, encodingOrCb?: unknown, cb?: unknown) {
    decide();
    if (mode === "pass") return (res.write as (...a: unknown[]) => boolean)(chunk, encodingOrCb, cb);
    chunks.push(toBuffer(chunk, typeof encodingOrCb === "string" ? (encodingOrCb as BufferEncoding) : undefined));
    queuedCallback(typeof encodingOrCb === "function" ? encodingOrCb : cb);
    return true;
  } as ServerResponse["write"];

  res.end = function end(chunk?: unknown, encodingOrCb?: unknown, cb?: unknown) {
    decide();
    if (mode === "pass") return (res.end as (...a: unknown[]) => ServerResponse)(chunk, encodingOrCb, cb);
    restore();
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      chunks.push(toBuffer(chunk as Chunk, typeof encodingOrCb === "string" ? (encodingOrCb as BufferEncoding) : undefined));
    }
    const body = Buffer.concat(chunks);
    res.setHeader("Content-Security-Policy", policyForHtml(body.toString("utf8")));
    applyHints();
    // The body is passed on unchanged, so a length Next.js set (also for HEAD, which has no body) stays right.
    if (!res.hasHeader("content-length")) res.setHeader("Content-Length", body.length);
    const done = [chunk, encodingOrCb, cb].find((f) => typeof f === "function") as (() => void) | undefined;
    return res.end(body, done);
  } as ServerResponse["end"];
}

export interface WebServerOptions {
  dir: string;
  port: number;
  hostname?: string;
}

export async function startWebServer({ dir, port, hostname = "0.0.0.0" }: WebServerOptions): Promise<Server> {
  // No hostname for Next.js itself: it names the app's own origin "localhost", and a rewrite from proxy.ts is only
  // kept inside the app when its URL has that same origin.
  const app = next({ dev: false, dir, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    withResponseHints((hints) => {
      filterResponse(res, hints);
      handle(req, res).catch((err: unknown) => {
        console.error(err);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return server;
}
