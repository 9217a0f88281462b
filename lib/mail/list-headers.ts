// The list headers of every mail a confirmed subscriber gets (welcome, digests): RFC 2369 List-Unsubscribe with an
// HTTPS one-click URL, RFC 8058 List-Unsubscribe-Post, and List-Id. Gmail and Yahoo require the first two for bulk mail.
import { env } from "@/lib/env";
import { links } from "@/lib/tokens/tokens";

export function listHeaders(subscriberId: string, editionId?: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${links.unsubscribe(subscriberId, editionId)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `Paperboy <${env().LIST_ID}>`,
  };
}
