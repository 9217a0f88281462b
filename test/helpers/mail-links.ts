// Reading links out of received mails the way a person (text part) or a mail provider (headers) does.
import type { ReceivedMail } from "./smtp-sink";

/** A header as a receiving server reads it: folded lines unfolded (RFC 5322 2.2.3), name case-insensitive. */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const block = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = block.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The HTTPS/HTTP URL of List-Unsubscribe (the first <...> that is not a mailto). */
export function listUnsubscribeUrl(mail: ReceivedMail): string {
  const header = rawHeader(mail, "List-Unsubscribe");
  const url = header?.match(/<(https?:\/\/[^>]+)>/)?.[1];
  if (!url) throw new Error(`no http(s) List-Unsubscribe header: ${header}`);
  return url;
}

/** The first link to APP_URL/<path>/TOKEN in the mail's text part. */
export function linkInText(mail: ReceivedMail, path: string): string {
  const m = (mail.parsed.text ?? "").match(new RegExp(`https?://[^\\s<>"]+/${path}/[A-Za-z0-9_.-]*[A-Za-z0-9_-]`));
  if (!m) throw new Error(`no /${path}/ link in the mail's text`);
  return m[0];
}
