// The build's static files (/_next/static/..., named by their content, so they never change under one name) kept
// in memory as Next.js answered them the first time, and answered from there: a crowd landing on the home page
// fetches its scripts and styles too, and Next.js's own static handling costs more per request than the page from
// the page cache does. Like the cached pages they go out uncompressed (the reverse proxy compresses).
import type { IncomingMessage } from "node:http";

export interface StaticFile {
  headers: [string, string][];
  body: Buffer;
}

const PREFIX = "/_next/static/";
/** Characters of the build's file names; anything else (an escape, a dot segment, a query) goes to Next.js. */
const PLAIN_PATH = /^\/_next\/static\/[A-Za-z0-9_\-~]+(?:\/[A-Za-z0-9_\-~]+(?:\.[A-Za-z0-9_\-~]+)*)*$/;
const HEADERS_NOT_KEPT = new Set(["date", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "vary"]);
// Requests that need Next.js's own handling (revalidation, partial content).
const PASSED_ON = ["if-none-match", "if-modified-since", "range", "if-range"];

export class StaticFiles {
  private readonly files = new Map<string, StaticFile>();
  private readonly filling = new Map<string, Promise<StaticFile | undefined>>();
  private bytes = 0;

  constructor(
    private readonly options: {
      /** Asks Next.js for the file (over loopback); only a 200 is kept. */
      fetch: (path: string) => Promise<{ status: number; headers: [string, string][]; body: Buffer }>;
      maxFileBytes: number;
      maxTotalBytes: number;
    },
  ) {}

  /** The path of a static file this cache may answer, or undefined. */
  static pathOf(req: IncomingMessage): string | undefined {
    if (req.method !== "GET" || !req.url?.startsWith(PREFIX) || !PLAIN_PATH.test(req.url)) return undefined;
    if (PASSED_ON.some((h) => req.headers[h] !== undefined)) return undefined;
    return req.url;
  }

  async serve(path: string): Promise<StaticFile | undefined> {
    const kept = this.files.get(path);
    if (kept) return kept;
    let filling = this.filling.get(path);
    if (!filling) {
      filling = this.options
        .fetch(path)
        .then((res) => {
          if (res.status !== 200 || res.body.length > this.options.maxFileBytes) return undefined;
          const file: StaticFile = { headers: res.headers.filter(([k]) => !HEADERS_NOT_KEPT.has(k)), body: res.body };
          if (this.bytes + file.body.length <= this.options.maxTotalBytes) {
            this.files.set(path, file);
            this.bytes += file.body.length;
          }
          return file;
        }, () => undefined)
        .finally(() => this.filling.delete(path));
      this.filling.set(path, filling);
    }
    return filling;
  }
}
