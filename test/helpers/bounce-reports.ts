// Bounce and complaint mails as relays and mailbox providers send them (a Postfix-shaped DSN, an ARF report), built
// for a given envelope sender and original Message-ID, for the tests of the bounce intake.
import { randomUUID } from "node:crypto";

export interface DsnSpec {
  /** Where the bounce goes: the VERP envelope sender of the original. */
  to: string;
  recipient: string;
  status?: string;
  action?: "failed" | "delayed";
  originalMessageId?: string;
  reportId?: string;
}

export function dsn(s: DsnSpec): Buffer {
  const status = s.status ?? "5.1.1";
  const id = s.reportId ?? `<${randomUUID()}@relay.example.net>`;
  return Buffer.from(
    [
      "From: MAILER-DAEMON@relay.example.net (Mail Delivery System)",
      `To: ${s.to}`,
      "Subject: Undelivered Mail Returned to Sender",
      `Message-Id: ${id}`,
      "Auto-Submitted: auto-replied",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-b"',
      "",
      "--dsn-b",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "I'm sorry to have to inform you that your message could not be delivered.",
      "",
      "--dsn-b",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; relay.example.net",
      "",
      `Final-Recipient: rfc822; ${s.recipient}`,
      `Action: ${s.action ?? "failed"}`,
      `Status: ${status}`,
      `Diagnostic-Code: smtp; ${status.startsWith("5") ? "550" : "451"} ${status} mailbox problem`,
      "",
      "--dsn-b",
      "Content-Type: text/rfc822-headers",
      "",
      `Return-Path: <${s.to}>`,
      ...(s.originalMessageId ? [`Message-ID: ${s.originalMessageId}`] : []),
      "Subject: Your papers",
      "",
      "--dsn-b--",
      "",
    ].join("\r\n"),
  );
}

export interface ArfSpec {
  /** The envelope sender of the original (Original-Mail-From). */
  mailFrom: string;
  recipient?: string;
  originalMessageId?: string;
  reportId?: string;
  feedbackType?: string;
}

export function arf(s: ArfSpec): Buffer {
  return Buffer.from(
    [
      "From: fbl@isp.example.com",
      "To: fbl@paperboy.test",
      "Subject: Complaint",
      `Message-ID: ${s.reportId ?? `<${randomUUID()}@isp.example.com>`}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="arf-b"',
      "",
      "--arf-b",
      "Content-Type: text/plain",
      "",
      "This is an abuse report.",
      "",
      "--arf-b",
      "Content-Type: message/feedback-report",
      "",
      `Feedback-Type: ${s.feedbackType ?? "abuse"}`,
      "User-Agent: ISP-FBL/1.0",
      "Version: 1",
      `Original-Mail-From: <${s.mailFrom}>`,
      `Original-Rcpt-To: <${s.recipient ?? ""}>`,
      "",
      "--arf-b",
      "Content-Type: message/rfc822",
      "",
      `Return-Path: <${s.mailFrom}>`,
      ...(s.originalMessageId ? [`Message-ID: ${s.originalMessageId}`] : []),
      "Subject: Your papers",
      "",
      "body",
      "--arf-b--",
      "",
    ].join("\r\n"),
  );
}
