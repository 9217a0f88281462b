// The inbound SMTP listener for bounce and complaint mail: the bounce domain's MX points here. It accepts mail only
// to the bounce addresses (the VERP ones and the bare local part, where feedback loops send their reports), up to a
// size and a rate per client address, and answers 250 only once the message is stored (a database problem gets 451,
// so the sending server tries again later). No authentication: this is an MX, anyone may deliver to it.
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";
import type { AddressInfo } from "node:net";
import { verpToken, type VerpConfig } from "@/lib/mail/envelope-address";
import { logger } from "@/lib/logger";

export interface BounceListenerOptions {
  port: number;
  host: string;
  verp: VerpConfig;
  maxMessageBytes: number;
  /** Counts one message from the client address; false = over its limit (the message is refused with 421). */
  admit: (clientAddress: string) => Promise<boolean>;
  /** Stores and applies one message; throws when it could not be stored (the client is told to retry). */
  onMessage: (raw: Buffer, envelopeTo: string[]) => Promise<void>;
  /** Name announced in the greeting. */
  name?: string;
}

export interface BounceListener {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Whether mail to this address is ours to take: a bounce address (with or without an id) of the bounce domain. */
export function isBounceAddress(address: string, verp: VerpConfig): boolean {
  if (verpToken(address, verp)) return true;
  return address.trim().toLowerCase() === `${verp.localPart}@${verp.domain}`.toLowerCase();
}

export async function startBounceListener(o: BounceListenerOptions): Promise<BounceListener> {
  const log = logger().child({ component: "bounce-listener" });
  const server = new SMTPServer({
    name: o.name ?? o.verp.domain,
    banner: "bounce intake",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: o.maxMessageBytes,
    maxClients: 100,
    socketTimeout: 60_000,
    logger: false,
    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      o.admit(session.remoteAddress).then(
        (ok) => callback(ok ? null : smtpError(421, "4.7.0 too many messages from your address; try again later")),
        () => callback(smtpError(451, "4.3.0 try again later")),
      );
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (isBounceAddress(address.address, o.verp)) callback();
      else callback(smtpError(550, "5.1.1 no such address here"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, "5.3.4 message too big"));
          return;
        }
        const to = session.envelope.rcptTo.map((r) => r.address);
        o.onMessage(Buffer.concat(chunks), to).then(
          () => callback(),
          (err: unknown) => {
            log.error({ err: err instanceof Error ? err.message : String(err) }, "could not store a bounce message; the sender will retry");
            callback(smtpError(451, "4.3.0 could not store the message; try again later"));
          },
        );
      });
    },
  });
  server.on("error", (err) => log.warn({ err: err.message }, "bounce listener connection error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  log.info({ port }, "bounce listener listening");
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
