// A whole message as bytes (nodemailer's MIME builder), DKIM-signed when a key is configured: for mails built one at
// a time (the digest pre-builds its own template, lib/digest/mime-template.ts).
import MailComposer from "nodemailer/lib/mail-composer";
import { dkimSignerFromEnv } from "@/lib/mail/dkim-sign";

export interface MessageParts {
  from: string;
  to: string;
  messageId: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export async function buildSignedMessage(m: MessageParts): Promise<Buffer> {
  const raw = await new Promise<Buffer>((resolve, reject) =>
    new MailComposer(m).compile().build((err, out) => (err ? reject(err) : resolve(out))),
  );
  const sign = dkimSignerFromEnv();
  return sign ? sign(raw) : raw;
}
