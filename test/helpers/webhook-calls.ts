// Provider webhook calls as SES (through SNS), Postmark, Mailgun and SendGrid make them, signed the way each signs,
// and a local HTTPS server that serves the SNS signing certificate (a self-signed one made with openssl).
import { execFileSync } from "node:child_process";
import { createHmac, createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, get, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { snsStringToSign } from "@/lib/bounces/webhooks/ses";

export interface CertServer {
  host: string;
  certUrl: string;
  subscribeUrl: string;
  key: string;
  cert: string;
  /** Paths requested so far. */
  requests: string[];
  /** Fetches over https, trusting only this server's certificate. */
  fetchText(url: string): Promise<string>;
  close(): Promise<void>;
}

export async function startCertServer(): Promise<CertServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "sns-cert-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  const key = readFileSync(path.join(dir, "key.pem"), "utf8");
  const cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
  rmSync(dir, { recursive: true, force: true });
  const requests: string[] = [];
  const server: Server = createServer({ key, cert }, (req, res) => {
    requests.push(req.url ?? "");
    if (req.url?.endsWith(".pem")) res.end(cert);
    else res.end("<ConfirmSubscriptionResponse/>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    certUrl: `https://${host}/SimpleNotificationService-test.pem`,
    subscribeUrl: `https://${host}/?Action=ConfirmSubscription&Token=abc`,
    key,
    cert,
    requests,
    fetchText: (url) =>
      new Promise((resolve, reject) => {
        get(url, { ca: cert }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve(body));
        }).on("error", reject);
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const TOPIC = "arn:aws:sns:eu-west-1:123456789012:paperboy-ses";

/** An SNS message signed with the server's key (SignatureVersion 1 unless told). */
export function snsMessage(
  certServer: Pick<CertServer, "key" | "certUrl">,
  fields: { Type?: string; Message?: string; Timestamp?: string; TopicArn?: string; MessageId?: string; SubscribeURL?: string; Token?: string },
  options: { version?: "1" | "2"; certUrl?: string } = {},
): Record<string, string> {
  const m: Record<string, string> = {
    Type: fields.Type ?? "Notification",
    MessageId: fields.MessageId ?? randomUUID(),
    TopicArn: fields.TopicArn ?? TOPIC,
    Message: fields.Message ?? "{}",
    Timestamp: fields.Timestamp ?? new Date().toISOString(),
    SignatureVersion: options.version ?? "1",
    SigningCertURL: options.certUrl ?? certServer.certUrl,
    ...(fields.SubscribeURL ? { SubscribeURL: fields.SubscribeURL } : {}),
    ...(fields.Token ? { Token: fields.Token } : {}),
  };
  const text = snsStringToSign(m)!;
  m.Signature = createSign(options.version === "2" ? "RSA-SHA256" : "RSA-SHA1").update(text).sign(certServer.key, "base64");
  return m;
}

export function sesBounce(o: { source: string; recipient: string; messageId?: string; permanent?: boolean; feedbackId?: string }): string {
  return JSON.stringify({
    notificationType: "Bounce",
    bounce: {
      bounceType: o.permanent === false ? "Transient" : "Permanent",
      bounceSubType: "General",
      bouncedRecipients: [{ emailAddress: o.recipient, action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
      timestamp: new Date().toISOString(),
      feedbackId: o.feedbackId ?? `0102${randomUUID()}-000000`,
    },
    mail: { messageId: `ses-${randomUUID()}`, source: o.source, destination: [o.recipient], commonHeaders: { messageId: o.messageId } },
  });
}

export function sesComplaint(o: { source: string; recipient: string; messageId?: string }): string {
  return JSON.stringify({
    notificationType: "Complaint",
    complaint: { complainedRecipients: [{ emailAddress: o.recipient }], complaintFeedbackType: "abuse", feedbackId: `0102${randomUUID()}-000000` },
    mail: { messageId: `ses-${randomUUID()}`, source: o.source, destination: [o.recipient], commonHeaders: { messageId: o.messageId } },
  });
}

export const POSTMARK_AUTH = "paperboy:postmark-secret-123";

export function postmarkBounce(o: { email: string; id?: number; type?: string }): { headers: Record<string, string>; body: string } {
  return {
    headers: { authorization: `Basic ${Buffer.from(POSTMARK_AUTH).toString("base64")}` },
    body: JSON.stringify({
      RecordType: "Bounce",
      ID: o.id ?? Math.floor(Math.random() * 1e9),
      Type: o.type ?? "HardBounce",
      TypeCode: 1,
      MessageID: randomUUID(),
      Email: o.email,
      BouncedAt: new Date().toISOString(),
      Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    }),
  };
}

export const MAILGUN_KEY = "key-mailgun-signing-0123456789";

export function mailgunFailed(o: { sender: string; recipient: string; messageId?: string; timestamp?: number; token?: string; key?: string }): string {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const token = o.token ?? randomUUID().replace(/-/g, "");
  return JSON.stringify({
    signature: { timestamp, token, signature: createHmac("sha256", o.key ?? MAILGUN_KEY).update(timestamp + token).digest("hex") },
    "event-data": {
      id: randomUUID(),
      event: "failed",
      severity: "permanent",
      recipient: o.recipient,
      envelope: { sender: o.sender },
      message: { headers: { "message-id": o.messageId?.replace(/^<|>$/g, "") } },
      "delivery-status": { code: 550, "enhanced-code": "5.1.1", description: "mailbox does not exist" },
    },
  });
}

export function sendgridKeys(): { publicKey: string; sign(timestamp: string, body: string): string } {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    sign: (timestamp, body) => createSign("sha256").update(timestamp + body).sign(privateKey, "base64"),
  };
}
