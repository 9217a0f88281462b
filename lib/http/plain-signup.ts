// The sign-up form posted without JavaScript, answered by the web server itself when it is accepted: the body parsed
// once, `signup()` run, and a 303 to /check-your-inbox, without Next.js's action and page machinery, which cost a
// sign-up more CPU than the sign-up's own work (docs/benchmarks.md). Any other answer (the form again with what was
// wrong, the retry of a too-fast form, the limit's message) is a page of the app: the request goes on to Next.js
// with its body as it came and the outcome already decided (decided-signup.ts), so the sign-up runs once.
// Whatever this path is not sure of (another action, a cross-site origin, a body it cannot read) goes to Next.js
// untouched or replayed, where it is answered as before.
import { IncomingMessage, type ServerResponse } from "node:http";
import { clientInfo } from "@/lib/http/client-info";
import { releaseAdmissionSlot } from "@/lib/http/admission-slot";
import { runWithDecidedSignup, type DecidedSignup } from "@/lib/http/decided-signup";
import { rawSignupFromFormData } from "@/lib/subscribers/signup-form";
import { signup } from "@/lib/subscribers/signup";

const MAX_BODY = 64 * 1024;
const TOO_LARGE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Form too large - Paperboy</title></head>
<body><main><h1>Form too large</h1><p>This form is far larger than any sign-up, so nothing was saved.</p>
<p><a href="/">Back to the sign-up form</a></p></main></body></html>
`;
const ACTION_FIELD = /^\$ACTION_\d+:0$/;

/** Whether this request is the plain form's POST that the server may take on (checked before its body is read). */
export function isPlainSignupPost(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["next-action"] !== undefined) return false;
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) return false;
  // Next.js refuses an action posted from another site; such a request goes to it to be refused as before.
  const origin = req.headers.origin;
  const host = req.headers["x-forwarded-host"] ?? req.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.once("end", () => resolve(size <= MAX_BODY ? Buffer.concat(chunks) : undefined));
    req.once("error", () => resolve(undefined));
  });
}

/** The same request with its body again, for Next.js to read as if it came from the socket. */
function replayed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  // Complete, as the original is: an incomplete message destroys its socket when it is done with.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

export async function answerPlainSignup(
  req: IncomingMessage,
  res: ServerResponse,
  {
    actionId,
    policy,
    next,
  }: {
    actionId: string;
    /** The site's Content-Security-Policy with a fresh nonce, as every answer of the app carries it. */
    policy: () => string;
    next: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  },
): Promise<void> {
  const body = await readBody(req);
  // Over the bound no sign-up form ever reaches: a clear 413, nothing read further and nothing written.
  if (!body) {
    if (res.destroyed) return;
    res.writeHead(413, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": policy(),
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      connection: "close",
    });
    res.end(TOO_LARGE_PAGE);
    return;
  }
  const type = req.headers["content-type"]!;
  let form: FormData;
  try {
    form = await new Response(new Blob([new Uint8Array(body)]), { headers: { "content-type": type } }).formData();
  } catch {
    return next(replayed(req, body), res);
  }
  const reference = [...form.keys()].find((k) => ACTION_FIELD.test(k));
  let id: unknown;
  try {
    id = reference ? (JSON.parse(String(form.get(reference))) as { id?: unknown }).id : undefined;
  } catch {
    id = undefined;
  }
  if (id !== actionId) return next(replayed(req, body), res);

  // Next.js fills X-Forwarded-For from the socket when it is absent; so does this path.
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  let decided: DecidedSignup;
  try {
    decided = { result: await signup(rawSignupFromFormData(form), clientInfo(headers), { onWorkDone: releaseAdmissionSlot }) };
  } catch (error) {
    decided = { error };
  }
  releaseAdmissionSlot();
  if ("result" in decided && decided.result.status === "accepted") {
    if (res.destroyed) return;
    res.writeHead(303, {
      location: "/check-your-inbox",
      "cache-control": "no-store",
      "content-length": "0",
      "content-security-policy": policy(),
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
    });
    res.end();
    return;
  }
  return runWithDecidedSignup(decided, () => next(replayed(req, body), res));
}
