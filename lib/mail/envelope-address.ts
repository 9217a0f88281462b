// The bare address of a From header ("Paperboy <digest@example.org>" -> "digest@example.org"): the SMTP envelope
// sender (MAIL FROM) when no bounce domain is set, and the domain of the Message-IDs this platform makes. With a
// bounce domain, the envelope sender of each mail names that mail (VERP) through a signed id.
import { env } from "@/lib/env";
import { signMailRef, type MailRef } from "@/lib/tokens/tokens";

export function envelopeAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

/** The domain of the Message-IDs this platform makes: the sender's domain, or the list id when it has none. */
export function messageIdDomain(mailFrom: string, listId: string): string {
  return envelopeAddress(mailFrom).split("@")[1] ?? listId;
}

/** Where bounces come back: `<localPart>+<opaque id>@<domain>` (VERP), when a bounce domain is configured. */
export interface VerpConfig {
  localPart: string;
  domain: string;
}

/** The envelope sender naming one mail, so a bounce sent back to it says which mail failed. */
export function verpAddress(token: string, config: VerpConfig): string {
  return `${config.localPart}+${token}@${config.domain}`;
}

/**
 * The opaque id of a VERP address of ours, or null when the address is not one (another local part, another domain,
 * no id). Local part and domain are compared without regard to case: relays may fold either.
 */
export function verpToken(address: string, config: VerpConfig): string | null {
  const bare = envelopeAddress(address).trim();
  const at = bare.lastIndexOf("@");
  if (at < 1) return null;
  const local = bare.slice(0, at);
  const domain = bare.slice(at + 1).toLowerCase();
  if (domain !== config.domain.toLowerCase()) return null;
  const prefix = `${config.localPart.toLowerCase()}+`;
  if (!local.toLowerCase().startsWith(prefix)) return null;
  const token = local.slice(prefix.length);
  return token.length > 0 ? token : null;
}

/** The configured bounce address shape, or null when bounces go to the From address (BOUNCE_DOMAIN unset). */
export function verpConfigFromEnv(): VerpConfig | null {
  const e = env();
  return e.BOUNCE_DOMAIN ? { localPart: e.BOUNCE_LOCAL_PART, domain: e.BOUNCE_DOMAIN } : null;
}

/** The MAIL FROM of one mail: its VERP address when a bounce domain is configured, else the From address. */
export function envelopeSenderFor(ref: MailRef, config: VerpConfig | null = verpConfigFromEnv()): string {
  return config ? verpAddress(signMailRef(ref), config) : envelopeAddress(env().MAIL_FROM);
}
