// What is kept of an address after erasure or a hard bounce: a SHA-256 of the address's canonical key (see
// normalise-email.ts), so that it can be recognised (and never mailed again) in any letter case without being stored.
import { createHash } from "node:crypto";

export function emailHash(emailKey: string): string {
  return createHash("sha256").update(emailKey).digest("hex");
}
