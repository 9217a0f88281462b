// A fast SMTP server on loopback that only counts what it accepts (no MIME parsing): for fault tests and the
// benchmark, where thousands of messages arrive. It can refuse (451/550 by policy) and hold its reply to a
// received message for a while, and it reports what is in progress: messages being received (DATA started, "."
// not yet seen) and messages received whose reply is held. A test that kills a client while every connection is
// "held" knows that every message in flight was received in full.
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export interface CountingSink {
  url: string;
  port: number;
  /** Accepted messages per envelope recipient. */
  accepted: Map<string, number>;
  acceptedTotal(): number;
  /** Raw messages kept for a few recipients (see keepRawFor). */
  raw: Map<string, string[]>;
  receiving: number;
  holding: number;
  setRcptPolicy(p: ((address: string) => number | undefined) | undefined): void;
  /** Reply code for a complete message (index counts every complete message), undefined = 250. */
  setDataPolicy(p: ((index: number, to: string) => number | undefined) | undefined): void;
  /**
   * Delays the reply to every received message; Infinity holds replies until the hold is set again, including those
   * whose delay was still running.
   */
  setHoldMs(ms: number): void;
  keepRawFor(addresses: string[]): void;
  close(): Promise<void>;
}

function reply(code: number): Error {
  return Object.assign(new Error(code >= 500 ? "5.1.1 refused by test policy" : "4.3.0 try again later (test policy)"), {
    responseCode: code,
  });
}

export async function startCountingSink(options: { port?: number } = {}): Promise<CountingSink> {
  let rcptPolicy: ((address: string) => number | undefined) | undefined;
  let dataPolicy: ((index: number, to: string) => number | undefined) | undefined;
  let holdMs = 0;
  const held: (() => void)[] = [];
  let index = 0;
  const keep = new Set<string>();
  const sink = {
    accepted: new Map<string, number>(),
    raw: new Map<string, string[]>(),
    receiving: 0,
    holding: 0,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    // Clients of killed workers leave connections behind; closing must not wait half a minute for them.
    closeTimeout: 200,
    onRcptTo(address, _session, cb) {
      const code = rcptPolicy?.(address.address);
      cb(code ? reply(code) : undefined);
    },
    onData(stream, session, cb) {
      sink.receiving++;
      const to = session.envelope.rcptTo[0]?.address ?? "";
      const chunks: Buffer[] | undefined = keep.has(to) ? [] : undefined;
      stream.on("data", (c: Buffer) => chunks?.push(c));
      stream.on("end", () => {
        sink.receiving--;
        const code = dataPolicy?.(index++, to);
        if (code) return cb(reply(code));
        // Accepted the moment the whole message is here, whatever happens to the reply afterwards.
        sink.accepted.set(to, (sink.accepted.get(to) ?? 0) + 1);
        if (chunks) sink.raw.set(to, [...(sink.raw.get(to) ?? []), Buffer.concat(chunks).toString("utf8")]);
        if (holdMs <= 0) return cb(null, "250 2.0.0 OK queued");
        sink.holding++;
        const release = () => {
          sink.holding--;
          cb(null, "250 2.0.0 OK queued");
        };
        // A delay that ends after the hold turned indefinite joins the indefinite hold.
        const holdOrRelease = () => (holdMs === Infinity ? held.push(release) : release());
        if (holdMs === Infinity) held.push(release);
        else setTimeout(holdOrRelease, holdMs);
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    acceptedTotal: () => [...sink.accepted.values()].reduce((a, b) => a + b, 0),
    setRcptPolicy: (p: typeof rcptPolicy) => void (rcptPolicy = p),
    setDataPolicy: (p: typeof dataPolicy) => void (dataPolicy = p),
    setHoldMs: (ms: number) => {
      holdMs = ms;
      if (ms !== Infinity) for (const release of held.splice(0)) release();
    },
    keepRawFor: (a: string[]) => a.forEach((x) => keep.add(x)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  });
}
