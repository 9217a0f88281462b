// Sign-ups made by an operator's import: each address becomes a pending sign-up that gets the normal confirmation
// mail, through the sign-up form's own statement (writeSignup, with source "import") and its once-a-day mail slot.
// Nobody is activated here; only the person's own press on the confirmation link does that. An address that is
// active is left alone, one that unsubscribed is not invited again (they asked to stop), and a suppressed one (for
// any reason, an erasure included: the import is not the person asking) is skipped.
import { randomUUID } from "node:crypto";
import { logger } from "@/lib/logger";
import { frequencyOfChoice, type FrequencyChoice } from "@/lib/digest/frequency";
import { CONFIRMATION_MAIL_WINDOW_SECONDS, releaseConfirmationMailSlot, takeConfirmationMailSlot } from "@/lib/rate-limit/signup-limits";
import { writeSignup } from "@/lib/subscribers/signup-store";
import { queueConfirmationMail } from "@/lib/subscribers/signup";
import { suppressionHashes } from "@/lib/subscribers/suppression";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

export interface ImportedAddress {
  /** As typed (normalised) and its canonical key (normalise-email.ts). */
  email: string;
  key: string;
  topicSlugs: string[];
  frequency: FrequencyChoice;
}

/** "pending-mailed-today": pending, but its confirmation mail already went out within the day, so none again. */
export type ImportOutcome = "pending" | "pending-mailed-today" | "already-subscribed" | "unsubscribed-earlier" | "suppressed" | "bad-topics";

const CHUNK = 500;

/** One outcome per address, in order. The addresses must be distinct keys. */
export async function importSignups(addresses: ImportedAddress[], actor: ActorContext, deps: SubscriberDeps = subscriberDeps()): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (let i = 0; i < addresses.length; i += CHUNK) outcomes.push(...(await importChunk(addresses.slice(i, i + CHUNK), actor, deps)));
  logger().child({ component: "import" }).info({ addresses: addresses.length, pending: outcomes.filter((o) => o === "pending").length }, "import handled");
  return outcomes;
}

async function importChunk(addresses: ImportedAddress[], actor: ActorContext, deps: SubscriberDeps): Promise<ImportOutcome[]> {
  const hashesOf = addresses.map((a) => suppressionHashes({ key: a.key, typed: a.email }));
  const [existing, suppressed] = await Promise.all([
    deps.db.subscriber.findMany({ where: { email: { in: addresses.map((a) => a.key) } }, select: { email: true, status: true } }),
    deps.db.suppression.findMany({ where: { emailHash: { in: hashesOf.flat() } }, select: { emailHash: true } }),
  ]);
  const statusOf = new Map(existing.map((s) => [s.email, s.status]));
  const suppressedHashes = new Set(suppressed.map((s) => s.emailHash));
  const outcomes: ImportOutcome[] = [];
  for (const [i, a] of addresses.entries()) {
    const status = statusOf.get(a.key);
    if (hashesOf[i]!.some((h) => suppressedHashes.has(h))) outcomes.push("suppressed");
    else if (status === "ACTIVE") outcomes.push("already-subscribed");
    else if (status === "UNSUBSCRIBED") outcomes.push("unsubscribed-earlier");
    else outcomes.push(await importOne(a, hashesOf[i]!, actor, deps));
  }
  return outcomes;
}

async function importOne(a: ImportedAddress, hashes: string[], actor: ActorContext, deps: SubscriberDeps): Promise<ImportOutcome> {
  const now = deps.now();
  const slot = await takeConfirmationMailSlot(deps.redis, a.key);
  const write = () => writeSignup(deps.sql, {
    emailKey: a.key,
    emailAsTyped: a.email === a.key ? null : a.email,
    consentEmail: a.email,
    frequency: frequencyOfChoice(a.frequency),
    topicSlugs: a.topicSlugs,
    suppressionHashes: hashes,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    detail: `frequency ${a.frequency}, imported by an operator`,
    source: "import",
    now,
    claimMail: slot,
    claimableBefore: new Date(now.getTime() - CONFIRMATION_MAIL_WINDOW_SECONDS * 1000),
    newId: randomUUID(),
    newConfirmationId: randomUUID(),
    write: true,
  });
  let result = await write();
  // A sign-up of the same new address inserted its row first: the statement now finds it.
  if (result.kind === "raced") result = await write();
  const giveBackSlot = () => (slot ? releaseConfirmationMailSlot(deps.redis, a.key) : Promise.resolve());
  switch (result.kind) {
    case "created":
    case "updated-pending":
      if (!result.claimed) return "pending-mailed-today";
      await queueConfirmationMail(deps, result.id, a.key, now);
      return "pending";
    // Changed since the look-up above (a sign-up or confirmation raced the import): reported as it is now.
    case "updated-unsubscribed":
      return "unsubscribed-earlier";
    case "already-active":
      await giveBackSlot();
      return "already-subscribed";
    case "suppressed":
      await giveBackSlot();
      return "suppressed";
    case "bad-topics":
      await giveBackSlot();
      return "bad-topics";
    case "raced":
    case "checked":
      throw new Error(`import: the row was neither created nor found (${result.kind})`);
  }
}
