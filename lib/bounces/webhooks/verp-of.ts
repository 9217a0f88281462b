// The VERP id of an envelope sender a provider reports back (SES's mail.source, Mailgun's envelope.sender).
import { verpConfigFromEnv, verpToken } from "@/lib/mail/envelope-address";

export function verpTokensOf(...senders: (string | null | undefined)[]): string[] {
  const config = verpConfigFromEnv();
  if (!config) return [];
  return senders.flatMap((s) => (s ? [verpToken(s, config)] : [])).filter((t): t is string => t !== null);
}
