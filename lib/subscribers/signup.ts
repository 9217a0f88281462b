// The signup form's one entry point. Whatever the address's state (new, pending, active, unsubscribed, suppressed,
// rate-limited, or the submission a bot's), a well-formed submission gets the same answer after the same minimum
// time, so the form cannot be used to find out who subscribes. The confirmation mail is sent by the worker; here it
// is only enqueued, at most once per address per day.
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { passSignupGate, releaseConfirmationMailSlot, CONFIRMATION_MAIL_WINDOW_SECONDS } from "@/lib/rate-limit/signup-limits";
import { checkFormStamp, formStampKey } from "@/lib/subscribers/form-stamp";
import { randomUUID } from "node:crypto";
import { frequencyOfChoice } from "@/lib/digest/frequency";
import { parseSignupForm, type RawSignupForm, type SignupFieldErrors } from "@/lib/subscribers/signup-form";
import { suppressionHashes } from "@/lib/subscribers/suppression";
import { releaseMailClaim, writeSignup } from "@/lib/subscribers/signup-store";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

export type SignupResult =
  | { status: "accepted" }
  | { status: "invalid"; errors: SignupFieldErrors }
  | { status: "rate-limited"; message: string }
  /** Sent sooner than a person fills the form in (or from a page too old): shown the form again, nothing stored. */
  | { status: "retry"; message: string };

const BAD_TOPICS = "Please choose topics from the list.";

export const RETRY_MESSAGE = "Almost done: please check your details and press Subscribe once more.";

/** Why an accepted submission did nothing; for logs and tests only, never shown. */
export type SignupOutcome =
  | "created"
  | "updated-pending"
  | "updated-unsubscribed"
  | "already-active"
  | "dropped-honeypot"
  | "dropped-address-limit"
  | "dropped-suppressed";

export interface SignupOptions {
  /** Minimum time every accepted answer takes (default SIGNUP_RESPONSE_FLOOR_MS). */
  responseFloorMs?: number;
  minFillMs?: number;
  /** Called once the database and queue work is done, before the answer waits out the floor (e.g. to free a slot). */
  onWorkDone?: () => void;
  onOutcome?: (outcome: SignupOutcome, confirmationQueued: boolean) => void;
}

export async function signup(
  raw: RawSignupForm,
  actor: ActorContext,
  options: SignupOptions = {},
  deps: SubscriberDeps = subscriberDeps(),
): Promise<SignupResult> {
  const started = Date.now();
  const floor = options.responseFloorMs ?? env().SIGNUP_RESPONSE_FLOOR_MS;
  const log = logger().child({ component: "signup" });

  const parsed = parseSignupForm(raw);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors };
  const form = parsed.value;

  const afterFloor = async <T,>(result: T): Promise<T> => {
    options.onWorkDone?.();
    const wait = floor - (Date.now() - started);
    if (wait > 0) await sleep(wait);
    return result;
  };
  const accept = async (outcome: SignupOutcome, queued = false): Promise<SignupResult> => {
    options.onOutcome?.(outcome, queued);
    log.info({ outcome, queued, address: maskEmail(form.email) }, "signup handled");
    return afterFloor({ status: "accepted" });
  };

  // Bots: accepted and silently dropped, so they learn nothing from the answer.
  if (form.honeypot.trim() !== "") return accept("dropped-honeypot");
  const now = deps.now();
  const stamp = checkFormStamp(form.stamp, { now: now.getTime(), ...(options.minFillMs !== undefined ? { minFillMs: options.minFillMs } : {}) });
  // A person whose browser filled the form in, or whose page is a day old, gets the form back (with a fresh stamp)
  // rather than a promise of mail that never comes. Answered before the address is looked at: it tells nothing.
  // A stamp serves one submission. A second one with it (a bot replaying it, a double click, a page served from a
  // cache to many people) is asked again too, with a fresh stamp that has to age like any other.
  if (stamp !== "ok") {
    log.info({ outcome: "retry", stamp }, "signup handled");
    return afterFloor({ status: "retry", message: RETRY_MESSAGE });
  }

  const gate = await passSignupGate(deps.redis, { stamp: formStampKey(form.stamp, now.getTime()), ip: actor.ip ?? "unknown", emailKey: form.emailKey, now: now.getTime() });
  if (gate.kind === "replayed") {
    log.info({ outcome: "retry", stamp: "replayed" }, "signup handled");
    return afterFloor({ status: "retry", message: RETRY_MESSAGE });
  }
  if (gate.kind === "ip-limited") {
    return { status: "rate-limited", message: "Too many sign-ups from your network in the last hour. Please try again later." };
  }

  const write = (claimMail: boolean, writeRow: boolean) =>
    writeSignup(deps.sql, {
      emailKey: form.emailKey,
      emailAsTyped: form.email === form.emailKey ? null : form.email,
      consentEmail: form.email,
      frequency: frequencyOfChoice(form.frequency),
      topicSlugs: form.topicSlugs,
      suppressionHashes: suppressionHashes({ key: form.emailKey, typed: form.email }),
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
      detail: `frequency ${form.frequency}`,
      now,
      claimMail,
      claimableBefore: new Date(now.getTime() - CONFIRMATION_MAIL_WINDOW_SECONDS * 1000),
      newId: randomUUID(),
      newConfirmationId: randomUUID(),
      write: writeRow,
    });

  // Over the address's limit: dropped silently, but a form with topics not on the list is still told so.
  if (gate.kind === "address-limited") {
    return (await write(false, false)).kind === "bad-topics" ? { status: "invalid", errors: { topics: BAD_TOPICS } } : accept("dropped-address-limit");
  }

  let result = await write(gate.mailSlot, true);
  // Two submissions for a new address raced on the unique e-mail: the second one now finds the row.
  if (result.kind === "raced") result = await write(gate.mailSlot, true);
  switch (result.kind) {
    case "bad-topics":
      await gate.giveBack({ attempt: true, mailSlot: true });
      return { status: "invalid", errors: { topics: BAD_TOPICS } };
    // Bounces and complaints block for good. An erasure does not: a new sign-up is the person asking again, and the
    // suppression is lifted only when that sign-up is confirmed.
    case "suppressed":
      await gate.giveBack({ attempt: false, mailSlot: true });
      return accept("dropped-suppressed");
    case "already-active":
      await gate.giveBack({ attempt: false, mailSlot: true });
      return accept("already-active");
    case "raced":
    case "checked":
      throw new Error(`signup: the row was neither created nor found (${result.kind})`);
  }
  const queued = result.claimed && (await queueConfirmationMail(deps, result.id, form.emailKey, now));
  return accept(result.kind, queued);
}

/**
 * At most one confirmation mail per address per day, guarded twice: the Redis slot (cheap, shared by all web
 * servers) and the conditional update of lastConfirmationSentAt (survives an emptied Redis), both already taken.
 */
export async function queueConfirmationMail(deps: SubscriberDeps, subscriberId: string, emailKey: string, now: Date): Promise<boolean> {
  try {
    await deps.enqueue({ kind: "confirmation", subscriberId }, now);
  } catch (err) {
    // Not queued: give both guards back, so that the person's next try sends the mail instead of finding today's
    // mail "already sent". Best effort: the error that reaches the visitor is the enqueue's.
    await releaseMailClaim(deps.sql, subscriberId, now).catch(() => undefined);
    await releaseConfirmationMailSlot(deps.redis, emailKey).catch(() => undefined);
    throw err;
  }
  return true;
}
