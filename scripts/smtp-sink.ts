// A real SMTP server on loopback (smtp-server) for the tests and the benchmark. By default it parses every message
// it accepts (mailparser) and keeps it for the test to read; counting only (`countOnly`) it keeps just the number of
// messages per recipient, for runs where thousands arrive. Either way it can misbehave on purpose: refuse chosen
// recipients or messages (4xx/5xx by policy) and hold its reply to a received message, and it reports what is in
// progress: messages being received (DATA started, "." not yet seen) and messages received whose reply is held. A
// test that kills a client once no connection is `admitted` knows that every message in flight was received in full.
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
  receivedAt: number;
}

/** A refusal: a reply code (with a stock text), or an Error whose responseCode and message make the reply. */
export type Refusal = number | Error;
/** Decides the reply to RCPT TO; undefined accepts. */
export type RcptPolicy = (address: string) => Refusal | undefined;
/**
 * Decides the reply to a complete message; undefined accepts. `index` counts the complete messages seen while a
 * policy was set.
 */
export type DataPolicy = (message: { index: number; to: string; envelopeTo: string[] }) => Refusal | undefined;

export interface SinkOptions {
  port?: number;
  /** Counts accepted messages without parsing or keeping them (see keepRawFor). */
  countOnly?: boolean;
}

export interface SmtpSink {
  port: number;
  url: string;
  /** Every accepted message, parsed (none when counting only). */
  mails: ReceivedMail[];
  /** Mails to one address (envelope recipient). */
  mailsTo(address: string): ReceivedMail[];
  /** Accepted messages per (first) envelope recipient. */
  accepted: Map<string, number>;
  acceptedTotal(): number;
  /** Raw messages kept for a few recipients when counting only (see keepRawFor). */
  raw: Map<string, string[]>;
  receiving: number;
  holding: number;
  /** Connections whose recipient was accepted and whose message is not yet received in full. */
  admitted: number;
  setRcptPolicy(policy: RcptPolicy | undefined): void;
  setDataPolicy(policy: DataPolicy | undefined): void;
  /**
   * Delays the reply to every received message; Infinity holds replies until the hold is set again, including those
   * whose delay was still running. Under Infinity, once one reply is held the replies to RCPT are held too: every
   * connection then comes to rest with its message received in full or not begun, and `admitted` reaches 0.
   */
  setHoldMs(ms: number): void;
  keepRawFor(addresses: string[]): void;
  /** Forgets the mails kept so far. */
  clear(): void;
  close(): Promise<void>;
}

export function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function refusal(r: Refusal): Error {
  if (r instanceof Error) return r;
  return smtpError(r, r >= 500 ? "5.1.1 refused by test policy" : "4.3.0 try again later (test policy)");
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const parse = !options.countOnly;
  let rcptPolicy: RcptPolicy | undefined;
  let dataPolicy: DataPolicy | undefined;
  let holdMs = 0;
  const held: (() => void)[] = [];
  let index = 0;
  const keep = new Set<string>();
  const mails: ReceivedMail[] = [];
  const counts = { receiving: 0, holding: 0, admitted: 0 };
  const admittedSessions = new Set<string>();
  const admit = (id: string, on: boolean) => {
    if (on) admittedSessions.add(id);
    else admittedSessions.delete(id);
    counts.admitted = admittedSessions.size;
  };
  const accepted = new Map<string, number>();
  const raw = new Map<string, string[]>();

  const reply = (cb: (err?: Error | null, message?: string) => void) => {
    if (holdMs <= 0) return cb(null, "250 2.0.0 OK queued");
    counts.holding++;
    const release = () => {
      counts.holding--;
      cb(null, "250 2.0.0 OK queued");
    };
    // A delay that ends after the hold turned indefinite joins the indefinite hold.
    const holdOrRelease = () => (holdMs === Infinity ? held.push(release) : release());
    if (holdMs === Infinity) held.push(release);
    else setTimeout(holdOrRelease, holdMs);
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    // Clients of killed workers leave connections behind; closing must not wait half a minute for them.
    closeTimeout: 200,
    onRcptTo(address, session, cb) {
      const r = rcptPolicy?.(address.address);
      if (r !== undefined) return cb(refusal(r));
      const accept = () => {
        admit(session.id, true);
        cb();
      };
      if (holdMs === Infinity && counts.holding > 0) held.push(accept);
      else accept();
    },
    onClose(session) {
      admit(session.id, false);
    },
    onData(stream, session, cb) {
      counts.receiving++;
      const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
      const to = envelopeTo[0] ?? "";
      const chunks: Buffer[] | undefined = parse || keep.has(to) ? [] : undefined;
      stream.on("data", (c: Buffer) => chunks?.push(c));
      stream.on("end", () => {
        counts.receiving--;
        admit(session.id, false);
        const r = dataPolicy?.({ index: index++, to, envelopeTo });
        if (r !== undefined) return cb(refusal(r));
        const text = chunks && Buffer.concat(chunks).toString("utf8");
        const count = () => void accepted.set(to, (accepted.get(to) ?? 0) + 1);
        if (!parse) {
          // Accepted the moment the whole message is here, whatever happens to the reply afterwards.
          count();
          if (text !== undefined) raw.set(to, [...(raw.get(to) ?? []), text]);
          return reply(cb);
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        simpleParser(text!).then(
          (parsed) => {
            count();
            mails.push({ envelopeFrom, envelopeTo, raw: text!, parsed, receivedAt: Date.now() });
            reply(cb);
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return Object.assign(counts, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo: (address: string) => mails.filter((m) => m.envelopeTo.includes(address)),
    accepted,
    acceptedTotal: () => [...accepted.values()].reduce((a, b) => a + b, 0),
    raw,
    setRcptPolicy: (p: RcptPolicy | undefined) => void (rcptPolicy = p),
    setDataPolicy: (p: DataPolicy | undefined) => void (dataPolicy = p),
    setHoldMs: (ms: number) => {
      holdMs = ms;
      if (ms !== Infinity) for (const release of held.splice(0)) release();
    },
    keepRawFor: (a: string[]) => a.forEach((x) => keep.add(x)),
    clear: () => void mails.splice(0, mails.length),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
