// A real SMTP server on loopback (smtp-server) that parses what it receives (mailparser). Tests read mails from it
// and can make it misbehave: reply 4xx/5xx to chosen recipients or messages.
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { waitUntil } from "./wait-until";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
  receivedAt: number;
}

/** Decides the reply to a message after DATA: return an Error with responseCode to reject it. */
export type DataPolicy = (mail: { envelopeTo: string[]; raw: string; index: number }) => Error | undefined;
/** Decides the reply to RCPT TO. */
export type RcptPolicy = (address: string) => Error | undefined;

export interface SmtpSink {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Mails to one address (envelope recipient). */
  mailsTo(address: string): ReceivedMail[];
  waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  setDataPolicy(policy: DataPolicy | undefined): void;
  setRcptPolicy(policy: RcptPolicy | undefined): void;
  clear(): void;
  close(): Promise<void>;
}

export function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: { parse?: boolean; port?: number } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const mails: ReceivedMail[] = [];
  let dataPolicy: DataPolicy | undefined;
  let rcptPolicy: RcptPolicy | undefined;
  let index = 0;

  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, cb) {
      const err = rcptPolicy?.(address.address);
      cb(err ?? undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const err = dataPolicy?.({ envelopeTo, raw, index: index++ });
        if (err) return cb(err);
        const done = (parsed: ParsedMail) => {
          mails.push({ envelopeFrom, envelopeTo, raw, parsed, receivedAt: Date.now() });
          cb(null, "250 OK: queued as sink");
        };
        if (!parse) return done(undefined as unknown as ParsedMail);
        simpleParser(raw).then(done, (e: Error) => cb(e));
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo: (address) => mails.filter((m) => m.envelopeTo.includes(address)),
    waitFor: (predicate, timeoutMs = 20_000) =>
      waitUntil(() => predicate(mails), timeoutMs, "mail", {
        state: () => mails.map((m) => ({ to: m.envelopeTo, subject: m.parsed?.subject })),
      }),
    setDataPolicy: (p) => void (dataPolicy = p),
    setRcptPolicy: (p) => void (rcptPolicy = p),
    clear: () => void mails.splice(0, mails.length),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
