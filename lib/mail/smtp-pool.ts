// A small pool of persistent SMTP connections (nodemailer's SMTPConnection) for pre-built messages, used by the
// digest. Why not nodemailer's pooled transport: exactly-once needs to know *when the bytes of a message are about
// to leave*. nodemailer's Mailer reads a raw message stream as soon as it is queued (and DKIM buffers it), so a
// crash could not be told apart from "never transmitted". Here the message stream is read only after the server's
// 354 reply to DATA, and the `beforeData` hook runs (and may veto) right then. Everything before that point (MAIL
// FROM, RCPT TO) cannot deliver a message, so a message whose hook never ran is certainly not delivered.
import { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";

export interface PoolOptions {
  url: string;
  size: number;
  /** Messages per second across the pool; 0 = unlimited. */
  ratePerSecond?: number;
  /** Name announced in EHLO. */
  name?: string;
  socketTimeoutMs?: number;
}

export interface OutgoingMessage {
  from: string;
  to: string;
  raw: Buffer;
  /**
   * Runs after the server's 354 (envelope accepted), before the first byte of the message is written. Return false
   * to abort: the connection is then dropped without the terminating ".", so the server discards the message.
   */
  beforeData?: () => Promise<boolean>;
}

export type SendOutcome =
  | { kind: "accepted"; response: string }
  /** The server answered with a code (4xx transient, 5xx permanent); nothing was accepted. */
  | { kind: "rejected"; code: number; response: string; command: string; afterData: boolean }
  /** No reply code and no byte of the message sent (connect refused, dropped before DATA): safe to retry. */
  | { kind: "not-sent"; error: string }
  /** The connection failed after the message started: it may or may not have arrived. */
  | { kind: "unknown"; error: string }
  /** beforeData vetoed the message. */
  | { kind: "vetoed" };

interface Pending {
  message: OutgoingMessage;
  resolve: (outcome: SendOutcome) => void;
}

interface Slot {
  connection?: SMTPConnection;
  busy: boolean;
}

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
  command?: string;
  code?: string;
}

export class SmtpPool {
  private readonly queue: Pending[] = [];
  private readonly slots: Slot[];
  private readonly target: { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };
  private nextSendAt = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    const u = new URL(options.url);
    const secure = u.protocol === "smtps:";
    this.target = {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    };
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => ({ busy: false }));
  }

  send(message: OutgoingMessage): Promise<SendOutcome> {
    if (this.closed) return Promise.resolve({ kind: "not-sent", error: "pool closed" });
    return new Promise((resolve) => {
      this.queue.push({ message, resolve });
      this.pump();
    });
  }

  /** Messages waiting for a free connection. */
  get waiting(): number {
    return this.queue.length;
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) {
      slot.connection?.quit();
      slot.connection = undefined;
    }
    for (const p of this.queue.splice(0)) p.resolve({ kind: "not-sent", error: "pool closed" });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      slot.busy = true;
      // run() reports failures as outcomes; anything it throws all the same must not keep the slot busy forever.
      this.run(slot, next)
        .catch((err: unknown): SendOutcome => ({ kind: "not-sent", error: `pool: ${err instanceof Error ? err.message : String(err)}` }))
        .then((outcome) => {
          slot.busy = false;
          next.resolve(outcome);
          this.pump();
        })
        .catch(() => undefined); // resolve() and pump() do not throw
    }
  }

  private async run(slot: Slot, pending: Pending): Promise<SendOutcome> {
    await this.throttle();
    let connection: SMTPConnection;
    try {
      connection = slot.connection ?? (slot.connection = await this.open(slot));
    } catch (err) {
      slot.connection = undefined;
      const e = err as SmtpError;
      return e.responseCode ? rejected(e, false) : { kind: "not-sent", error: describe(e) };
    }
    const outcome = await this.transmit(connection, pending.message);
    // A refusal with a reply code leaves the session usable after RSET; anything else ends the connection.
    if (outcome.kind === "rejected" && outcome.code !== 421) {
      const ok = await new Promise<boolean>((r) => connection.reset((err) => r(!err)));
      if (!ok) this.drop(slot, connection);
    } else if (outcome.kind !== "accepted") {
      this.drop(slot, connection);
    }
    return outcome;
  }

  private drop(slot: Slot, connection: SMTPConnection): void {
    if (slot.connection === connection) slot.connection = undefined;
    connection.close();
  }

  private open(slot: Slot): Promise<SMTPConnection> {
    return new Promise((resolve, reject) => {
      const connection = new SMTPConnection({
        host: this.target.host,
        port: this.target.port,
        secure: this.target.secure,
        ...(this.options.name ? { name: this.options.name } : {}),
        socketTimeout: this.options.socketTimeoutMs ?? 60_000,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
      });
      let settled = false;
      // Stays attached for the connection's life: an idle connection the server closes must not crash the process,
      // and must not be handed the next message.
      const forget = () => {
        if (slot.connection === connection) slot.connection = undefined;
      };
      connection.on("end", forget);
      connection.on("error", (err: Error) => {
        forget();
        if (!settled) {
          settled = true;
          reject(err);
        }
      });
      connection.connect((err) => {
        if (err) {
          if (!settled) {
            settled = true;
            reject(err);
          }
          return;
        }
        if (!this.target.auth) {
          settled = true;
          return resolve(connection);
        }
        connection.login(this.target.auth, (loginErr) => {
          if (settled) return;
          settled = true;
          if (loginErr) {
            connection.close();
            reject(loginErr);
          } else resolve(connection);
        });
      });
    });
  }

  private transmit(connection: SMTPConnection, message: OutgoingMessage): Promise<SendOutcome> {
    return new Promise((resolve) => {
      let dataStarted = false;
      let vetoed = false;
      let hookError: Error | undefined;
      let done = false;
      const finish = (o: SendOutcome) => {
        if (done) return;
        done = true;
        connection.removeListener("error", onConnectionError);
        resolve(o);
      };
      // Errors the connection reports outside a send callback (socket reset) end this attempt too.
      const onConnectionError = (err: SmtpError) => finish(classify(err, dataStarted));
      connection.on("error", onConnectionError);

      const body = new Readable({
        read() {
          if (dataStarted) return;
          dataStarted = true;
          const hook = message.beforeData ?? (async () => true);
          hook().then(
            (go) => {
              if (go) {
                this.push(message.raw);
                this.push(null);
              } else {
                vetoed = true;
                this.destroy(new Error("vetoed before DATA"));
              }
            },
            (err: unknown) => {
              hookError = err instanceof Error ? err : new Error(String(err));
              this.destroy(hookError);
            },
          );
        },
      });
      connection.send({ from: message.from, to: [message.to] }, body, (err, info) => {
        if (vetoed) return finish({ kind: "vetoed" });
        // The hook could not record the transmission, so nothing was transmitted: safe to try again later.
        if (hookError) return finish({ kind: "not-sent", error: `before DATA: ${hookError.message}` });
        if (err) return finish(classify(err as SmtpError, dataStarted));
        finish({ kind: "accepted", response: info.response ?? "250" });
      });
    });
  }

  private async throttle(): Promise<void> {
    const rate = this.options.ratePerSecond ?? 0;
    if (rate <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.nextSendAt);
    this.nextSendAt = at + 1000 / rate;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

function rejected(e: SmtpError, afterData: boolean): SendOutcome {
  return {
    kind: "rejected",
    code: e.responseCode ?? 0,
    response: (e.response ?? e.message).slice(0, 500),
    command: e.command ?? "",
    afterData,
  };
}

function classify(e: SmtpError, dataStarted: boolean): SendOutcome {
  if (e.responseCode && e.responseCode >= 400) return rejected(e, dataStarted);
  return dataStarted ? { kind: "unknown", error: describe(e) } : { kind: "not-sent", error: describe(e) };
}

function describe(e: SmtpError): string {
  return `${e.code ?? "ERROR"}: ${e.message}`.slice(0, 500);
}
