// The one parser of bounce and complaint mail, whichever way it came in (the SMTP listener, the mailbox poller):
// a DSN (RFC 3464), an ARF report (RFC 5965), or the plain-text bounce some servers still send. It returns the events
// it found, each with what identifies the mail it is about (the VERP id, the original Message-ID, the recipient),
// or says why it could not read the message. It never throws.
import { createHash } from "node:crypto";
import { MAIL_REF_LENGTH } from "@/lib/tokens/tokens";
import { fieldGroups, header, parseMime, splitHeaders, walk, type MimePart } from "@/lib/bounces/mime-parts";

export type BounceKind = "HARD" | "SOFT" | "DELAYED" | "COMPLAINT";

export interface ParsedEvent {
  kind: BounceKind;
  /** The recipient the report names (Final-Recipient, Original-Rcpt-To), lower-cased; null when redacted or absent. */
  recipient: string | null;
  /** DSN status code (e.g. 5.1.1) or the ARF Feedback-Type. */
  status: string | null;
  diagnostic: string | null;
}

export interface ParsedReport {
  kind: "report";
  /** The report's own Message-ID, or a digest of its bytes when it has none: the key that makes it stored once. */
  reportKey: string;
  events: ParsedEvent[];
  /** VERP ids of ours found in the message (envelope first); the caller verifies them. */
  verpTokens: string[];
  /** The Message-ID of the mail the report is about, when the report carries its headers. */
  originalMessageId: string | null;
}

export type ParseResult = ParsedReport | { kind: "unparseable"; reason: string };

export interface ParseOptions {
  /** The VERP local part and domain (to find our ids in the text), when configured. */
  verp?: { localPart: string; domain: string } | null;
  /** Addresses the message was delivered to (the SMTP RCPT TO, a mailbox's Delivered-To), checked first for an id. */
  envelopeTo?: string[];
}

const STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
// Complaints: an ARF Feedback-Type that means "the recipient did not want this".
const COMPLAINT_TYPES = new Set(["abuse", "fraud", "virus", "other", "opt-out", "unsubscribe"]);

/** Hard unless the code says the mailbox or the policy may let a later message through. */
export function kindOfStatus(status: string, action: string | null): BounceKind | null {
  const a = (action ?? "").toLowerCase();
  if (a === "delivered" || a === "relayed" || a === "expanded") return null;
  if (a === "delayed" || status.startsWith("4.") && a !== "failed") return "DELAYED";
  if (status.startsWith("4.")) return "SOFT";
  if (status.startsWith("2.")) return null;
  // 5.2.2 mailbox full, 5.3.x the receiving system, 5.7.x a policy (often content or reputation): not the address.
  if (/^5\.(2\.2|3\.\d+|7\.\d+)$/.test(status)) return "SOFT";
  return "HARD";
}

function addressOf(field: string | null): string | null {
  if (!field) return null;
  // "rfc822; someone@example.com" or a bare address, possibly in angle brackets.
  const value = field.includes(";") ? field.slice(field.indexOf(";") + 1) : field;
  const m = /<?([^\s<>;"]+@[^\s<>;"]+)>?/.exec(value);
  return m ? m[1]!.toLowerCase() : null;
}

function clip(s: string | null, max = 300): string | null {
  if (!s) return null;
  const clean = s.replace(/[\x00-\x1f\x7f-\xff]+/g, " ").replace(/\s+/g, " ").trim();
  return clean ? clean.slice(0, max) : null;
}

function messageIdIn(headers: Map<string, string[]>): string | null {
  const v = header(headers, "message-id");
  const m = v ? /<[^<>\s]+>/.exec(v) : null;
  return m ? m[0] : null;
}

/** The Message-ID of the returned original: in a message/rfc822 or text/rfc822-headers part. */
function originalMessageId(root: MimePart): string | null {
  for (const p of walk(root)) {
    if (p === root) continue;
    if (p.contentType === "text/rfc822-headers" || p.contentType === "message/rfc822-headers") {
      const id = messageIdIn(splitHeaders(p.body + "\n\n").headers);
      if (id) return id;
    }
    if ((p.contentType === "message/rfc822" || p.contentType === "message/global") && p.children[0]) {
      const id = messageIdIn(p.children[0].headers);
      if (id) return id;
    }
  }
  return null;
}

function verpTokensIn(text: string, envelopeTo: string[], verp: ParseOptions["verp"]): string[] {
  if (!verp) return [];
  const re = new RegExp(`${verp.localPart.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\+([a-z2-7]{${MAIL_REF_LENGTH}})@${verp.domain.replace(/\./g, "\\.")}`, "gi");
  const found: string[] = [];
  for (const source of [...envelopeTo, text]) for (const m of source.matchAll(re)) found.push(m[1]!.toLowerCase());
  return [...new Set(found)];
}

function dsnEvents(part: MimePart): ParsedEvent[] {
  const groups = fieldGroups(part.body);
  const events: ParsedEvent[] = [];
  for (const g of groups) {
    const recipientField = header(g, "final-recipient") ?? header(g, "original-recipient");
    const statusField = header(g, "status");
    if (!recipientField && !statusField) continue; // the per-message group (Reporting-MTA, Arrival-Date)
    const diagnostic = header(g, "diagnostic-code");
    const status = STATUS.exec(statusField ?? "")?.[0] ?? STATUS.exec(diagnostic ?? "")?.[0] ?? null;
    const action = header(g, "action");
    // A group without a status code: a failed action is a hard bounce, anything else says nothing.
    const kind = status ? kindOfStatus(status, action) : action?.toLowerCase() === "failed" ? "HARD" : action?.toLowerCase() === "delayed" ? "DELAYED" : null;
    if (!kind) continue;
    events.push({ kind, recipient: addressOf(recipientField), status, diagnostic: clip(diagnostic) });
  }
  return events;
}

function arfEvent(part: MimePart): ParsedEvent | "not-a-complaint" | null {
  const g = fieldGroups(part.body)[0];
  if (!g) return null;
  const type = (header(g, "feedback-type") ?? "").toLowerCase().trim();
  if (!type) return null;
  if (!COMPLAINT_TYPES.has(type)) return "not-a-complaint";
  return {
    kind: "COMPLAINT",
    recipient: addressOf(header(g, "original-rcpt-to")),
    status: type,
    diagnostic: clip(header(g, "user-agent")),
  };
}

// The plain-text bounces of servers that send no DSN (old Exim, qmail, some appliances): an SMTP status in the text.
function plainTextEvent(root: MimePart): ParsedEvent | null {
  const text = [...walk(root)].filter((p) => p.contentType === "text/plain").map((p) => p.body).join("\n");
  const subject = (header(root.headers, "subject") ?? "").toLowerCase();
  const from = (header(root.headers, "from") ?? "").toLowerCase();
  const looksLikeBounce =
    /mailer-daemon|postmaster|mail delivery/.test(from) || /undeliver|delivery (status|failure)|returned mail|failure notice/.test(subject);
  if (!looksLikeBounce) return null;
  const status = STATUS.exec(text);
  const reply = /\b([45])\d\d[ -]/.exec(text);
  const code = status?.[0] ?? (reply ? `${reply[1]}.0.0` : null);
  if (!code) return null;
  const kind = kindOfStatus(code, /delay|will (keep|retry)|still trying/i.test(text) && code.startsWith("4") ? "delayed" : "failed");
  if (!kind) return null;
  const addr = /<([^\s<>@]+@[^\s<>]+)>:/.exec(text)?.[1] ?? /^\s+([^\s<>@]+@[^\s<>]+)\s*$/m.exec(text)?.[1] ?? null;
  const line = text.split(/\r?\n/).find((l) => l.includes(code) || (reply && l.includes(reply[0])));
  return { kind, recipient: addr ? addr.toLowerCase() : null, status: code, diagnostic: clip(line ?? null) };
}

export function parseReport(raw: Buffer, options: ParseOptions = {}): ParseResult {
  try {
    if (raw.length === 0) return { kind: "unparseable", reason: "empty message" };
    const text = raw.toString("latin1");
    const root = parseMime(text);
    if (root.headers.size === 0) return { kind: "unparseable", reason: "no mail headers" };

    const events: ParsedEvent[] = [];
    let notComplaint = false;
    for (const p of walk(root)) {
      if (p.contentType === "message/delivery-status" || p.contentType === "message/global-delivery-status") events.push(...dsnEvents(p));
      else if (p.contentType === "message/feedback-report") {
        const e = arfEvent(p);
        if (e === "not-a-complaint") notComplaint = true;
        else if (e) events.push(e);
      }
    }
    if (events.length === 0 && !notComplaint) {
      const e = plainTextEvent(root);
      if (e) events.push(e);
    }
    if (events.length === 0 && !notComplaint) return { kind: "unparseable", reason: "no delivery status or feedback report found" };

    const ownId = messageIdIn(root.headers);
    return {
      kind: "report",
      reportKey: ownId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`,
      events,
      verpTokens: verpTokensIn(text, options.envelopeTo ?? [], options.verp),
      originalMessageId: originalMessageId(root),
    };
  } catch (err) {
    return { kind: "unparseable", reason: `could not read: ${(err as Error).message}` };
  }
}
