// A digest message as a pre-encoded MIME template with holes for the per-subscriber parts. Subscribers who get the
// same papers share one React Email render and one quoted-printable encoding; each message is then a join of
// ready-made ASCII chunks with a handful of short encoded values (address, Message-ID, the manage and unsubscribe
// links, one feedback link base per paper), which costs microseconds instead of the milliseconds of a render plus
// nodemailer's per-message MIME build.
import { randomBytes } from "node:crypto";
import { encode as qpEncode, wrap as qpWrap } from "nodemailer/lib/qp";
import { encodeWords } from "nodemailer/lib/mime-funcs";

/** Placeholder links rendered into the shared HTML/text; swapped per subscriber. */
export const PLACEHOLDER = {
  manage: "https://placeholder.invalid/pb-manage-link",
  unsubscribe: "https://placeholder.invalid/pb-unsubscribe-link",
  /** The feedback link base of the paper at `index` of the template's feedbackPaperIds. */
  feedback: (index: number) => `https://placeholder.invalid/pb-feedback/${index}/end`,
} as const;
const FEEDBACK_HOLE = "https://placeholder\\.invalid/pb-feedback/(\\d+)/end";

type Slot = "to" | "messageId" | "listUnsubscribe" | "manageQp" | "unsubscribeQp";
type Part = string | { slot: Slot } | { feedback: number };

export interface MimeTemplate {
  parts: Part[];
  /** The paper behind each feedback hole, by index. */
  feedbackPaperIds: string[];
  /** parts as Buffers (null for holes), made on first use. */
  buffers?: (Buffer | null)[];
  /** Size of the shared parts, for the 102 KB check and the benchmark. */
  htmlBytes: number;
}

export interface HeaderInfo {
  from: string;
  subject: string;
  listId: string;
  listName: string;
  date?: Date;
}

export interface Recipient {
  to: string;
  messageId: string;
  manageUrl: string;
  unsubscribeUrl: string;
  /** One feedback link base per entry of the template's feedbackPaperIds. */
  feedbackUrls?: readonly string[];
}

/** RFC 2047-encode a display name if it is not plain ASCII; addresses stay as they are. */
function encodeMailbox(mailbox: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailbox);
  if (!m) return mailbox.trim();
  const name = m[1]!.trim();
  if (!name) return `<${m[2]}>`;
  const ascii = /^[\x20-\x7e]*$/.test(name);
  const shown = ascii ? (/[(),.:;<>@[\\\]"]/.test(name) ? `"${name.replace(/(["\\])/g, "\\$1")}"` : name) : encodeWords(name, "Q", 52);
  return `${shown} <${m[2]}>`;
}

function encodeHeaderText(value: string): string {
  const clean = value.replace(/[\r\n]+/g, " ");
  return /^[\x20-\x7e]*$/.test(clean) ? clean : encodeWords(clean, "Q", 52);
}

/** Quoted-printable, CRLF line ends, lines short enough that a trailing soft break still fits in 76 characters. */
function qp(text: string): string {
  return qpWrap(qpEncode(Buffer.from(text.replace(/\r?\n/g, "\r\n"), "utf8")), 75);
}

/** Splits `text` at every placeholder and QP-encodes the pieces; each hole starts and ends on a soft line break. */
function bodyParts(text: string): Part[] {
  const parts: Part[] = [];
  const re = new RegExp(`${escapeRe(PLACEHOLDER.manage)}|${escapeRe(PLACEHOLDER.unsubscribe)}|${FEEDBACK_HOLE}`, "g");
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push(`${qp(text.slice(last, m.index))}=\r\n`);
    if (m[1] !== undefined) parts.push({ feedback: Number(m[1]) });
    else parts.push({ slot: m[0] === PLACEHOLDER.manage ? "manageQp" : "unsubscribeQp" });
    last = m.index + m[0].length;
  }
  parts.push(qp(text.slice(last)));
  return parts;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export function buildMimeTemplate(headers: HeaderInfo, html: string, text: string, feedbackPaperIds: string[] = []): MimeTemplate {
  const boundary = `pb-${randomBytes(12).toString("hex")}`;
  const head = [
    `From: ${encodeMailbox(headers.from)}`,
    `To: `,
  ].join("\r\n");
  const afterTo = [
    "",
    `Subject: ${encodeHeaderText(headers.subject)}`,
    `Date: ${(headers.date ?? new Date()).toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: `,
  ].join("\r\n");
  const afterMessageId = [
    "",
    "MIME-Version: 1.0",
    `List-Id: ${encodeHeaderText(headers.listName)} <${headers.listId}>`,
    "List-Unsubscribe: <",
  ].join("\r\n");
  const afterUnsub = [
    ">",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "",
  ].join("\r\n");
  const betweenParts = ["", `--${boundary}`, "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "", ""].join(
    "\r\n",
  );
  const end = `\r\n--${boundary}--\r\n`;

  const parts: Part[] = [
    head,
    { slot: "to" },
    afterTo,
    { slot: "messageId" },
    afterMessageId,
    { slot: "listUnsubscribe" },
    afterUnsub,
    ...bodyParts(text),
    betweenParts,
    ...bodyParts(html),
    end,
  ];
  // Merge adjacent strings so that filling is a short join.
  const merged: Part[] = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (typeof p === "string" && typeof prev === "string") merged[merged.length - 1] = prev + p;
    else merged.push(p);
  }
  return { parts: merged, feedbackPaperIds, htmlBytes: Buffer.byteLength(html, "utf8") };
}

const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function fillMimeTemplate(t: MimeTemplate, r: Recipient): Buffer {
  // Values reach headers: refuse anything that could break out of one (CR, LF, spaces, non-ASCII).
  if (!HEADER_SAFE.test(r.to) || !HEADER_SAFE.test(r.messageId) || !HEADER_SAFE.test(r.unsubscribeUrl)) {
    throw new Error("unsafe header value");
  }
  const values: Record<Slot, string> = {
    to: `<${r.to}>`,
    messageId: r.messageId,
    listUnsubscribe: r.unsubscribeUrl,
    manageQp: `${qp(r.manageUrl)}=\r\n`,
    unsubscribeQp: `${qp(r.unsubscribeUrl)}=\r\n`,
  };
  if (t.feedbackPaperIds.length && r.feedbackUrls?.length !== t.feedbackPaperIds.length) throw new Error("feedback links missing");
  // Each paper's base appears several times (three links, two parts): encoded once per message.
  const feedbackQp: (Buffer | undefined)[] = [];
  const feedback = (index: number) => (feedbackQp[index] ??= Buffer.from(`${qp(r.feedbackUrls![index]!)}=\r\n`, "latin1"));
  // The shared parts are kept as Buffers (encoded once per template); only the few short values are converted here.
  const chunks = t.buffers ?? (t.buffers = t.parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : null)));
  return Buffer.concat(
    chunks.map((b, i) => {
      if (b) return b;
      const part = t.parts[i] as { slot: Slot } | { feedback: number };
      return "feedback" in part ? feedback(part.feedback) : Buffer.from(values[part.slot], "latin1");
    }),
  );
}
