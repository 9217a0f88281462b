// The SMTP sink of the tests is the one of scripts/ (shared with the benchmark), with a wait for mail the way every
// test waits (wait-until.ts).
import { startSmtpSink as startSink, type ReceivedMail, type SinkOptions, type SmtpSink as Sink } from "@/scripts/smtp-sink";
import { waitUntil } from "./wait-until";

export { smtpError, type DataPolicy, type RcptPolicy, type ReceivedMail, type Refusal } from "@/scripts/smtp-sink";

export interface SmtpSink extends Sink {
  /** Waits until the mails received so far satisfy `predicate` (parsing sink only). */
  waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const sink = await startSink(options);
  return Object.assign(sink, {
    waitFor: (predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 20_000) =>
      waitUntil(() => predicate(sink.mails), timeoutMs, "mail", {
        state: () => sink.mails.map((m) => ({ to: m.envelopeTo, subject: m.parsed?.subject })),
      }),
  });
}
