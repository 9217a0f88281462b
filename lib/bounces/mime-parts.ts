// A small, forgiving MIME walker for bounce and complaint reports. The reports come from every kind of mail server,
// often with 8-bit bytes in headers, missing boundaries or no MIME at all, so everything is read as latin1 (every
// byte is one character, nothing can fail to decode) and a part that cannot be split is kept whole.

export interface MimePart {
  /** Header names lower-cased; repeated headers keep every value in order. */
  headers: Map<string, string[]>;
  contentType: string;
  params: Record<string, string>;
  /** The decoded body (base64 and quoted-printable undone), latin1. */
  body: string;
  children: MimePart[];
}

const MAX_DEPTH = 8;

/** Splits header block and body at the first empty line; unfolds continuation lines. */
export function splitHeaders(text: string): { headers: Map<string, string[]>; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const body = m ? text.slice(m.index + m[0].length) : "";
  const headers = new Map<string, string[]>();
  let current: string | null = null;
  const lines: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current !== null) current += " " + line.trim();
    else {
      if (current !== null) lines.push(current);
      current = line;
    }
  }
  if (current !== null) lines.push(current);
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon < 1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    const list = headers.get(name) ?? [];
    list.push(line.slice(colon + 1).trim());
    headers.set(name, list);
  }
  return { headers, body };
}

export function header(headers: Map<string, string[]>, name: string): string | null {
  return headers.get(name.toLowerCase())?.[0] ?? null;
}

function parseContentType(value: string | null): { type: string; params: Record<string, string> } {
  if (!value) return { type: "text/plain", params: {} };
  const [type = "text/plain", ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq < 1) continue;
    params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(body: string, encoding: string | null): string {
  const enc = (encoding ?? "").toLowerCase().trim();
  if (enc === "base64") return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64").toString("latin1");
  if (enc === "quoted-printable") {
    return body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return body;
}

export function parseMime(text: string, depth = 0): MimePart {
  const { headers, body: rawBody } = splitHeaders(text);
  const { type, params } = parseContentType(header(headers, "content-type"));
  const body = decodeBody(rawBody, header(headers, "content-transfer-encoding"));
  const part: MimePart = { headers, contentType: type, params, body, children: [] };
  if (depth >= MAX_DEPTH) return part;
  if (type.startsWith("multipart/") && params.boundary) {
    const delimiter = `--${params.boundary}`;
    const pieces = body.split(new RegExp(`(?:^|\\r?\\n)${escapeRegExp(delimiter)}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
    // pieces[0] is the preamble; a missing closing boundary leaves the last part as it is.
    for (const piece of pieces.slice(1)) {
      if (piece.trim() === "") continue;
      part.children.push(parseMime(piece, depth + 1));
    }
  } else if (type === "message/rfc822" || type === "message/global") {
    part.children.push(parseMime(body, depth + 1));
  }
  return part;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every part, depth first, the part itself first. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const c of part.children) yield* walk(c);
}

/**
 * The field groups of a message/delivery-status or message/feedback-report body: blank lines separate them (per
 * message, then per recipient), each read like a header block.
 */
export function fieldGroups(body: string): Map<string, string[]>[] {
  return body
    .split(/\r?\n[ \t]*\r?\n/)
    .filter((g) => g.trim() !== "")
    .map((g) => splitHeaders(g.replace(/^\s*\r?\n/, "") + "\n\n").headers)
    .filter((h) => h.size > 0);
}
