// The append-only consent log: every signup, confirmation, change of choice and withdrawal is a new row, never an
// edit (the database refuses UPDATEs on ConsentEvent). Rows go only with their subscriber, on erasure.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConsentEventKind } from "@/lib/generated/prisma/enums";
import { CONSENT_VERSION } from "@/lib/consent/consent-text";

/**
 * Where a change came from, e.g. "signup-form", "one-click", "complaint" (a spam report from the mailbox provider),
 * "import" (an operator's CSV import, which only ever makes a pending sign-up) or "console" (an operator's action).
 */
export type ConsentSource = "signup-form" | "confirm-page" | "manage-page" | "unsubscribe-page" | "one-click" | "complaint" | "import" | "console";

export interface ConsentEventInput {
  subscriberId: string;
  kind: ConsentEventKind;
  email: string;
  topics: string[];
  source: ConsentSource;
  ip?: string | null;
  userAgent?: string | null;
  detail?: string | null;
  at?: Date;
}

type Tx = Pick<Prisma.TransactionClient, "consentEvent">;

/**
 * What every event of one change shares: the address as the person typed it, their topics, where the change came
 * from, who asked and when. A caller adds the subscriber, the kind and a detail.
 */
export function consentContext(
  address: { email: string; emailAsTyped?: string | null },
  topics: string[],
  source: ConsentSource,
  actor: { ip?: string; userAgent?: string },
  at: Date,
): Omit<ConsentEventInput, "subscriberId" | "kind" | "detail"> {
  return { email: address.emailAsTyped ?? address.email, topics, source, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null, at };
}

export async function recordConsentEvent(tx: Tx, e: ConsentEventInput): Promise<void> {
  await tx.consentEvent.create({
    data: {
      subscriberId: e.subscriberId,
      kind: e.kind,
      email: e.email,
      topics: [...e.topics].sort(),
      consentVersion: CONSENT_VERSION,
      source: e.source,
      ip: e.ip ?? null,
      userAgent: e.userAgent ?? null,
      detail: e.detail ?? null,
      ...(e.at ? { createdAt: e.at } : {}),
    },
    select: { id: true },
  });
}
