// A real IMAP server on loopback for the bounce-mailbox tests (hoodiecrow-imap: IMAP4rev1 in memory, user
// "testuser" / "testpass"), and a client that puts messages into it with APPEND, as a mail server's delivery would.
import type { AddressInfo } from "node:net";
import { ImapFlow } from "imapflow";
// @ts-expect-error hoodiecrow-imap ships no types
import hoodiecrow from "hoodiecrow-imap";

export interface ImapServer {
  url: string;
  append(raw: Buffer): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
}

interface Listening {
  listen(port: number, host: string, cb: () => void): void;
  close(cb: () => void): void;
  server?: { address(): AddressInfo };
}

export async function startImapServer(): Promise<ImapServer> {
  const server = (hoodiecrow as (o: unknown) => Listening)({ plugins: ["UIDPLUS", "ENABLE", "UNSELECT"], storage: { INBOX: { messages: [] } } });
  const port = await new Promise<number>((resolve) => {
    // hoodiecrow's listen passes its arguments to net.Server.listen; port 0 takes a free one.
    server.listen(0, "127.0.0.1", () => resolve(server.server!.address().port));
  });
  const client = async <T>(work: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user: "testuser", pass: "testpass" }, logger: false });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.logout();
    }
  };
  return {
    url: `imap://testuser:testpass@127.0.0.1:${port}/INBOX`,
    append: (raw) => client(async (c) => void (await c.append("INBOX", raw))),
    count: () =>
      client(async (c) => {
        const status = await c.status("INBOX", { messages: true });
        if (!status) throw new Error("STATUS INBOX failed");
        return status.messages ?? 0;
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
