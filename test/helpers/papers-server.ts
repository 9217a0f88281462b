// A local stand-in for huggingface.co and export.arxiv.org (node:http on a random port) that serves the recorded
// responses in data/recorded/ and misbehaves on demand: 500s, 429 with Retry-After, hanging (timeouts), truncated
// bodies, or an item stripped of its title.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export type Fault =
  | { kind: "status"; status: number; retryAfter?: string }
  | { kind: "hang" }
  | { kind: "truncate" }
  | { kind: "no-title"; index: number };

export interface PapersServer {
  url: string;
  /** Every request seen: path + query, and the User-Agent it carried. */
  requests: { url: string; userAgent: string | undefined; at: number }[];
  /** Faults applied to the next requests, one each, in order (for paths starting with `prefix`). */
  failNext(prefix: "/api/daily_papers" | "/api/query", ...faults: Fault[]): void;
  /** A fault for every request to the prefix until cleared. */
  failAlways(prefix: "/api/daily_papers" | "/api/query", fault: Fault | undefined): void;
  close(): Promise<void>;
}

export function recordedHfItems(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(path.join(root, "data/recorded/hf-daily-papers.json"), "utf8")) as Record<string, unknown>[];
}

function atomEntries(): { id: string; xml: string }[] {
  const xml = readFileSync(path.join(root, "data/recorded/arxiv-query.xml"), "utf8");
  return [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => ({ id: /<id>http:\/\/arxiv\.org\/abs\/(.+?)v\d+<\/id>/.exec(m[0])![1]!, xml: m[0] }));
}

const feed = (entries: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n  <title>ArXiv Query</title>\n` +
  `  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:totalResults>\n` +
  `${entries.join("\n")}\n</feed>\n`;

export async function startPapersServer(): Promise<PapersServer> {
  const items = recordedHfItems();
  const entries = atomEntries();
  const queued = new Map<string, Fault[]>();
  const always = new Map<string, Fault>();
  const requests: PapersServer["requests"] = [];
  const hanging = new Set<ServerResponse>();

  function body(req: IncomingMessage): { status: number; type: string; text: string } {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/api/daily_papers") {
      const date = u.searchParams.get("date");
      const page = Number(u.searchParams.get("p") ?? 0);
      const limit = Number(u.searchParams.get("limit") ?? 50);
      const day = date ? items.filter((it) => String((it.paper as { submittedOnDailyAt: string }).submittedOnDailyAt).startsWith(date)) : items;
      return { status: 200, type: "application/json", text: JSON.stringify(day.slice(page * limit, page * limit + limit)) };
    }
    if (u.pathname === "/api/query") {
      const ids = u.searchParams.get("id_list");
      if (ids) {
        const wanted = new Set(ids.split(","));
        return { status: 200, type: "application/atom+xml", text: feed(entries.filter((e) => wanted.has(e.id)).map((e) => e.xml)) };
      }
      const max = Number(u.searchParams.get("max_results") ?? 10);
      return { status: 200, type: "application/atom+xml", text: feed(entries.slice(0, max).map((e) => e.xml)) };
    }
    return { status: 404, type: "text/plain", text: "not found" };
  }

  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? "", userAgent: req.headers["user-agent"], at: Date.now() });
    const prefix = ["/api/daily_papers", "/api/query"].find((p) => req.url?.startsWith(p)) ?? "";
    const fault = queued.get(prefix)?.shift() ?? always.get(prefix);
    if (fault?.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": "text/plain", ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}) });
      return res.end("upstream trouble");
    }
    const out = body(req);
    let text = out.text;
    if (fault?.kind === "no-title" && out.type === "application/json") {
      const arr = JSON.parse(text) as { paper: Record<string, unknown>; title?: unknown }[];
      const it = arr[fault.index];
      if (it) {
        delete it.paper.title;
        delete it.title;
      }
      text = JSON.stringify(arr);
    }
    if (fault?.kind === "truncate") text = text.slice(0, Math.floor(text.length / 2));
    res.writeHead(out.status, { "content-type": out.type });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (prefix, ...faults) => queued.set(prefix, [...(queued.get(prefix) ?? []), ...faults]),
    failAlways: (prefix, fault) => (fault ? always.set(prefix, fault) : always.delete(prefix)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
