// The bounce mailbox, for operators who have a mailbox for bounce mail rather than an MX for the listener: each poll
// reads every message in the folder, hands it to the one intake (stored once, so a message read twice changes
// nothing), and deletes it only once it is stored (or kept as unparseable). A message that failed to be stored
// stays for the next poll.
import { ImapFlow } from "imapflow";
import type { ApplyDeps } from "@/lib/bounces/apply-event";
import { ingestBounceMail } from "@/lib/bounces/intake-mail";
import type { VerpConfig } from "@/lib/mail/envelope-address";
import { logger } from "@/lib/logger";

export interface MailboxSettings {
  /** imap[s]://user:password@host:port/Folder */
  url: string;
  verp: VerpConfig | null;
  /** Messages read per poll at most (the rest wait for the next one). */
  maxMessages?: number;
}

export interface PollSummary {
  read: number;
  stored: number;
  unparseable: number;
  failed: number;
}

export function imapOptions(url: string): { host: string; port: number; secure: boolean; auth: { user: string; pass: string }; folder: string } {
  const u = new URL(url);
  const secure = u.protocol === "imaps:";
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    folder: decodeURIComponent(u.pathname.replace(/^\//, "")) || "INBOX",
  };
}

export async function pollMailbox(settings: MailboxSettings, deps: ApplyDeps): Promise<PollSummary> {
  const log = logger().child({ component: "bounce-mailbox" });
  const o = imapOptions(settings.url);
  const client = new ImapFlow({ host: o.host, port: o.port, secure: o.secure, auth: o.auth, logger: false, disableAutoIdle: true });
  const summary: PollSummary = { read: 0, stored: 0, unparseable: 0, failed: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(o.folder);
    try {
      const done: number[] = [];
      const max = settings.maxMessages ?? 500;
      // Sources are collected first: imapflow does not allow other commands while a FETCH streams.
      const messages: { uid: number; source: Buffer; deliveredTo: string[] }[] = [];
      for await (const m of client.fetch("1:*", { uid: true, source: true }, { uid: false })) {
        if (!m.source) continue;
        const head = m.source.subarray(0, 8192).toString("latin1");
        const deliveredTo = [...head.matchAll(/^(?:Delivered-To|X-Original-To|Envelope-To):\s*<?([^\s<>]+)>?/gim)].map((x) => x[1]!);
        messages.push({ uid: m.uid, source: m.source, deliveredTo });
        if (messages.length >= max) break;
      }
      for (const m of messages) {
        summary.read++;
        try {
          const r = await ingestBounceMail(m.source, { source: "IMAP", envelopeTo: m.deliveredTo, verp: settings.verp }, deps);
          if (r.kind === "unparseable") summary.unparseable++;
          else summary.stored++;
          done.push(m.uid);
        } catch (err) {
          summary.failed++;
          log.error({ err: err instanceof Error ? err.message : String(err), uid: m.uid }, "could not store a bounce message; left for the next poll");
        }
      }
      if (done.length) await client.messageDelete(done, { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  if (summary.read) log.info(summary, "bounce mailbox polled");
  return summary;
}
