// Bounce and complaint mail, from the SMTP listener or the mailbox poller: parsed by the one parser, each event
// applied once (keyed by the report's Message-ID, so the same report fetched twice, or through both intakes, counts
// once). A message the parser cannot read is kept for the operator; this never throws on a bad message.
import { applyEvent, type ApplyDeps, type ApplySettings } from "@/lib/bounces/apply-event";
import { keepUnparseable } from "@/lib/bounces/bounce-store";
import { parseReport } from "@/lib/bounces/parse-report";
import { env } from "@/lib/env";
import type { BounceSource } from "@/lib/generated/prisma/enums";
import { verpConfigFromEnv, type VerpConfig } from "@/lib/mail/envelope-address";

export type MailIntakeResult =
  | { kind: "unparseable"; id: string; reason: string }
  | { kind: "report"; outcomes: string[] };

export function bounceSettings(): ApplySettings {
  const e = env();
  return {
    hardBounceLimit: e.HARD_BOUNCE_LIMIT,
    softBounceDays: e.SOFT_BOUNCE_DAYS,
    complaintRateLimit: e.COMPLAINT_RATE_LIMIT,
    complaintMinSent: e.COMPLAINT_RATE_MIN_SENT,
  };
}

export async function ingestBounceMail(
  raw: Buffer,
  options: { source: Extract<BounceSource, "SMTP" | "IMAP">; envelopeTo?: string[]; verp?: VerpConfig | null },
  deps: ApplyDeps,
): Promise<MailIntakeResult> {
  const parsed = parseReport(raw, { verp: options.verp === undefined ? verpConfigFromEnv() : options.verp, envelopeTo: options.envelopeTo ?? [] });
  if (parsed.kind === "unparseable") {
    return { kind: "unparseable", id: await keepUnparseable(deps.db, options.source, parsed.reason, raw), reason: parsed.reason };
  }
  const outcomes: string[] = [];
  for (const [i, ev] of parsed.events.entries()) {
    const r = await applyEvent(
      {
        eventKey: `mail:${parsed.reportKey}#${i}`,
        source: options.source,
        kind: ev.kind,
        verpTokens: parsed.verpTokens,
        originalMessageId: parsed.originalMessageId,
        recipient: ev.recipient,
        status: ev.status,
        detail: ev.diagnostic,
      },
      deps,
    );
    outcomes.push(r.kind === "duplicate" ? "duplicate" : r.outcome);
  }
  return { kind: "report", outcomes };
}
