// What an SMTP pool's outcome means for the record of the message: one rule for the digest and for the
// confirmation and welcome mails, so a reply counts as a bounce, a failure or a retry the same way on both paths.
import type { SendOutcome } from "@/lib/mail/smtp-pool";

export type SmtpVerdict =
  /** 250: the server took the message. */
  | { kind: "sent"; response: string }
  /** The beforeData hook vetoed it: another attempt owns the message. */
  | { kind: "vetoed" }
  /** Nothing was accepted and it may work later: a 4xx, or no reply before DATA (connect refused, dropped). */
  | { kind: "retry"; code?: number; detail: string }
  /** A 5xx to the recipient or to the message: about this address. */
  | { kind: "bounced"; code: number; detail: string }
  /** A 5xx to MAIL FROM, AUTH or the greeting: permanent, but about us, not the address. */
  | { kind: "failed"; code: number; detail: string }
  /** The connection failed after the message started: it may have arrived, so it is never resent. */
  | { kind: "unknown"; detail: string };

export function classifySmtpOutcome(outcome: SendOutcome): SmtpVerdict {
  switch (outcome.kind) {
    case "accepted":
      return { kind: "sent", response: outcome.response };
    case "vetoed":
      return { kind: "vetoed" };
    case "not-sent":
      return { kind: "retry", detail: outcome.error };
    case "unknown":
      return { kind: "unknown", detail: `connection lost after DATA: ${outcome.error}` };
    case "rejected": {
      const detail = `${outcome.command || "SMTP"}: ${outcome.response}`;
      if (outcome.code < 500) return { kind: "retry", code: outcome.code, detail };
      const aboutAddress = outcome.afterData || /RCPT/i.test(outcome.command);
      return { kind: aboutAddress ? "bounced" : "failed", code: outcome.code, detail };
    }
  }
}
