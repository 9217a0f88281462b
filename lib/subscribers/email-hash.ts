// What is kept of an address after erasure or a hard bounce: a SHA-256 of the normalised address, so that it can be
// recognised (and never mailed again) without being stored. Input must already be normalised.
import { createHash } from "node:crypto";

export function emailHash(normalisedEmail: string): string {
  return createHash("sha256").update(normalisedEmail).digest("hex");
}
