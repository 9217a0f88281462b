// Requests as a browser without JavaScript (or an attacker) sends them: exact paths, the home page's own hidden form
// fields, and multipart bodies built by hand.
import { request as httpRequest } from "node:http";
import { expect } from "vitest";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type RawRequest = (method: string, path: string, body?: string | Buffer, headers?: Record<string, string>) => Promise<RawAnswer>;

/** One request exactly as given (the path is not re-encoded) to the app on `port`, answered in full. */
export function rawRequest(port: number): RawRequest {
  return (method, path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method, path, headers: { ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
      req.end(body);
    });
}

/** The hidden fields of a page's forms (server action id, stamp), decoded as a browser would send them. */
export function hiddenFields(html: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields.push([m[1]!, (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&")]);
  }
  return fields;
}

/** A fresh copy of the home page's sign-up form fields, stamp included. */
export async function formOfPage(raw: RawRequest): Promise<[string, string][]> {
  const page = await raw("GET", "/");
  expect(page.status, page.body.slice(0, 200)).toBe(200);
  const fields = hiddenFields(page.body);
  expect(fields.map(([name]) => name)).toContain("stamp");
  return fields;
}

/** What a visitor fills in: the address, one topic, daily, and the honeypot left empty. */
export function visitorFields(email: string): [string, string][] {
  return [["email", email], ["topics", "vision"], ["frequency", "daily"], ["website", ""]];
}

export function multipart(fields: [string, string][], boundary = "----paperboyform"): { body: string; type: string } {
  const body = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}
