// What `npm start` runs: a plain Node HTTP server in front of the Next.js request handler, so that the pages a crowd
// lands on (/, /papers, and /check-your-inbox where an accepted sign-up without JavaScript is sent) can be answered
// from an in-process cache (page-cache.ts) without a render per request, and the build's static files from memory
// (static-files.ts). Everything else, and every client-side navigation or server action, goes to Next.js unchanged. The cache fills
// itself by asking this same server over loopback, marked with a secret of this process, for the page as Next.js
// renders it (through the proxy, so its outage gate and headers apply).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import next from "next";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { newNonce } from "@/lib/http/content-security-policy";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import { PageCache } from "@/lib/http/page-cache";
import { StaticFiles } from "@/lib/http/static-files";
import { answerPlainSignup, isPlainSignupPost } from "@/lib/http/plain-signup";
import { readFileSync } from "node:fs";
import path from "node:path";
import { AdmissionGate } from "@/lib/http/admission-gate";
import { runHoldingSlot } from "@/lib/http/admission-slot";
import { busyPageWithForm, BUSY_RETRY_AFTER_SECONDS } from "@/lib/http/busy-page";
import { logger } from "@/lib/logger";

const CACHED_PATHS = new Set(["/", "/papers", "/check-your-inbox"]);
const RENDER_HEADER = "x-paperboy-page-render";
const MAX_ENTRIES = 200;
const CHECK_EVERY_MS = 1_000;
const CHECK_TIMEOUT_MS = 2_000;
const MAX_BUSY_BODY = 64 * 1024;
const MAX_STATIC_FILE = 1024 * 1024;
const MAX_STATIC_TOTAL = 64 * 1024 * 1024;

/** What the cached pages show: the papers (with their votes) and the topics and their assignments. */
export async function pagesFingerprint(): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([fingerprintQuery(), timeout]).finally(() => clearTimeout(timer));
}

async function fingerprintQuery(): Promise<string> {
  const [[row]] = await Promise.all([
    db().$queryRawUnsafe<{ f: string }[]>(
      `SELECT concat_ws('|', (SELECT count(*) FROM "Paper"), (SELECT max("updatedAt") FROM "Paper"),
        (SELECT count(*) FROM "Topic"), (SELECT max("updatedAt") FROM "Topic"),
        (SELECT count(*) FROM "PaperTopic"), (SELECT sum(hashtext("paperId" || ':' || "topicId")) FROM "PaperTopic")) AS f`,
    ),
    redis().ping(),
  ]);
  return row?.f ?? "";
}

/** A plain page request a browser makes by itself (not Next's client navigation, prefetch or server action). */
function cacheKey(req: IncomingMessage): string | undefined {
  if (req.method !== "GET" || !req.url) return undefined;
  const h = req.headers;
  if (h["rsc"] || h["next-action"] || h["next-router-state-tree"] || h["next-router-prefetch"] || h[RENDER_HEADER]) return undefined;
  const url = new URL(req.url, "http://x");
  if (!CACHED_PATHS.has(url.pathname) || url.searchParams.has("_rsc")) return undefined;
  return url.pathname + url.search;
}

/** A sign-up: the home page's server action, posted by its script (next-action header) or as a plain form. */
function isSignup(req: IncomingMessage): boolean {
  return req.method === "POST" && !!req.url && new URL(req.url, "http://x").pathname === "/";
}

/** The plain form's fields, read from a body of at most MAX_BUSY_BODY bytes; none when it is larger or malformed. */
async function postedFields(req: IncomingMessage): Promise<[string, string][]> {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) return [];
  // Read to the end even past the bound (kept no further), so the answer is not cut off by a reset.
  const body = await new Promise<Buffer | undefined>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BUSY_BODY) chunks.push(chunk);
    });
    req.once("end", () => resolve(size <= MAX_BUSY_BODY ? Buffer.concat(chunks) : undefined));
    req.once("error", () => resolve(undefined));
  });
  if (!body) return [];
  try {
    const form = await new Response(new Blob([new Uint8Array(body)]), { headers: { "content-type": type } }).formData();
    return [...form].flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []));
  } catch {
    return [];
  }
}

/**
 * Turned away before any work: nothing is written. The script's call gets a short text (the form keeps what was
 * typed by itself); the plain form gets the busy page with the form filled in as it was sent.
 */
async function answerBusy(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const plain = req.headers["next-action"] !== undefined;
  const fields = plain ? [] : await postedFields(req).catch(() => []);
  const body = Buffer.from(plain ? "Busy, try again in a few seconds.\n" : busyPageWithForm(fields), "utf8");
  if (res.destroyed) return;
  res.writeHead(503, {
    "content-type": plain ? "text/plain; charset=utf-8" : "text/html; charset=utf-8",
    "content-length": String(body.length),
    "retry-after": String(BUSY_RETRY_AFTER_SECONDS),
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    connection: "close",
  });
  res.end(body);
  req.resume();
}

/** The id Next.js gave the sign-up action in this build, from its manifest; undefined when it cannot be found. */
function signupActionIdOf(dir: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, ".next/server/server-reference-manifest.json"), "utf8")) as {
      node?: Record<string, { filename?: string; exportedName?: string }>;
    };
    return Object.entries(manifest.node ?? {}).find(([, a]) => a.filename === "app/signup-action.ts" && a.exportedName === "signupAction")?.[0];
  } catch {
    return undefined;
  }
}

export async function startWebServer({
  port,
  hostname,
  dir,
  sitePolicy,
}: {
  port: number;
  hostname: string;
  dir: string;
  /** The app's Content-Security-Policy for a nonce, for the answers this server gives itself. */
  sitePolicy: (nonce: string) => string;
}): Promise<Server> {
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const secret = randomBytes(18).toString("base64url");
  let self = "";

  const cache = new PageCache({
    ttlMs: env().PAGE_CACHE_TTL_MS,
    maxEntries: MAX_ENTRIES,
    checkEveryMs: CHECK_EVERY_MS,
    fingerprint: pagesFingerprint,
    newNonce,
    newStamp: () => issueFormStamp(),
    render: async (key) => {
      const res = await fetch(self + key, { headers: { [RENDER_HEADER]: secret }, redirect: "manual" });
      return { status: res.status, headers: [...res.headers.entries()], body: await res.text() };
    },
  });

  const statics = new StaticFiles({
    maxFileBytes: MAX_STATIC_FILE,
    maxTotalBytes: MAX_STATIC_TOTAL,
    fetch: async (path) => {
      const res = await fetch(self + path, { headers: { [RENDER_HEADER]: secret }, redirect: "manual" });
      return { status: res.status, headers: [...res.headers.entries()], body: Buffer.from(await res.arrayBuffer()) };
    },
  });

  const signupActionId = signupActionIdOf(dir);
  const signups = new AdmissionGate({ concurrency: env().SIGNUP_CONCURRENCY, maxPending: env().SIGNUP_MAX_PENDING });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isSignup(req)) return answer(req, res);
    const entered = signups.enter();
    if (!entered) return answerBusy(req, res);
    const release = await entered;
    res.once("close", release);
    // Turned its back while waiting: the slot goes to the next in line.
    if (res.destroyed || req.destroyed) return release();
    // The sign-up may hand its slot back before the answer is complete (admission-slot.ts).
    return runHoldingSlot(release, () =>
      signupActionId && isPlainSignupPost(req) ? answerPlainSignup(req, res, { actionId: signupActionId, policy: () => sitePolicy(newNonce()), next: answer }) : answer(req, res),
    );
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const staticPath = req.headers[RENDER_HEADER] === undefined ? StaticFiles.pathOf(req) : undefined;
    const file = staticPath ? await statics.serve(staticPath) : undefined;
    if (file) {
      res.writeHead(200, [...file.headers.flat(), "content-length", String(file.body.length)]);
      res.end(file.body);
      return;
    }
    const key = cacheKey(req);
    const page = key ? await cache.serve(key) : undefined;
    if (!page) {
      // The outage gate answered: the cache must not go on serving as if all were well.
      res.once("finish", () => res.statusCode === 503 && cache.recheck());
      // Only this process may ask for a render past the cache; the header is dropped before Next.js sees it.
      if (req.headers[RENDER_HEADER] !== undefined && req.headers[RENDER_HEADER] !== secret) delete req.headers[RENDER_HEADER];
      await handle(req, res);
      return;
    }
    res.writeHead(page.status, [...page.headers.flat(), "content-length", String(page.body.length)]);
    res.end(page.body);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      logger().error({ err }, "web server: request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end();
    });
  });
  // Connect to PostgreSQL and Redis before the first visitor does (the clients live on globalThis, shared with the
  // proxy's outage gate): a cold connect on a busy machine can outlast the gate's probe timeout. Down now is fine.
  await pagesFingerprint().catch(() => undefined);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, hostname, resolve));
  const address = server.address() as AddressInfo;
  const loopback = address.family === "IPv6" ? `[${address.address === "::" ? "::1" : address.address}]` : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  self = `http://${loopback}:${address.port}`;
  return server;
}
