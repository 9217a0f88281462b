// DKIM-signs a pre-built message (the digest builds raw MIME, so nodemailer's transport-level signing does not run).
// nodemailer's signer covers List-Unsubscribe and List-Unsubscribe-Post by default, as RFC 8058 requires.
import DKIM from "nodemailer/lib/dkim";
import { env } from "@/lib/env";

export type RawSigner = (raw: Buffer) => Promise<Buffer>;

export function createDkimSigner(options: { domainName: string; keySelector: string; privateKey: string }): RawSigner {
  const dkim = new DKIM(options);
  return (raw) =>
    new Promise<Buffer>((resolve, reject) => {
      const out = dkim.sign(raw);
      const chunks: Buffer[] = [];
      out.on("data", (c: Buffer) => chunks.push(c));
      out.on("end", () => resolve(Buffer.concat(chunks)));
      out.on("error", reject);
    });
}

/** The signer configured by DKIM_DOMAIN / DKIM_SELECTOR / DKIM_PRIVATE_KEY, or undefined when DKIM is off. */
export function dkimSignerFromEnv(): RawSigner | undefined {
  const e = env();
  if (!e.DKIM_DOMAIN || !e.DKIM_SELECTOR || !e.DKIM_PRIVATE_KEY) return undefined;
  return createDkimSigner({ domainName: e.DKIM_DOMAIN, keySelector: e.DKIM_SELECTOR, privateKey: e.DKIM_PRIVATE_KEY.replace(/\\n/g, "\n") });
}
