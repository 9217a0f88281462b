// The signup form's one entry point. Whatever the address's state (new, pending, active, unsubscribed, suppressed,
// rate-limited, or the submission a bot's), a well-formed submission gets the same answer after the same minimum
// time, so the form cannot be used to find out who subscribes. The confirmation mail is sent by the worker; here it
// is only enqueued, at most once per address per day.
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { Prisma } from "@/lib/generated/prisma/client";
import { consentContext, recordConsentEvent } from "@/lib/consent/record-consent-event";
import { signupAllowedForAddress, signupAllowedForIp, takeConfirmationMailSlot, releaseConfirmationMailSlot, CONFIRMATION_MAIL_WINDOW_SECONDS } from "@/lib/rate-limit/signup-limits";
import { checkFormStamp, useFormStamp } from "@/lib/subscribers/form-stamp";
import { randomUUID } from "node:crypto";
import { frequencyOfChoice } from "@/lib/digest/frequency";
import { parseSignupForm, type RawSignupForm, type SignupFieldErrors } from "@/lib/subscribers/signup-form";
import { suppressionOf } from "@/lib/subscribers/suppression";
import { resolveTopicSlugs } from "@/lib/subscribers/topics-lookup";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

export type SignupResult =
  | { status: "accepted" }
  | { status: "invalid"; errors: SignupFieldErrors }
  | { status: "rate-limited"; message: string }
  /** Sent sooner than a person fills the form in (or from a page too old): shown the form again, nothing stored. */
  | { status: "retry"; message: string };

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
  const retry = stamp !== "ok" ? stamp : (await useFormStamp(deps.redis, form.stamp, now.getTime())) ? null : "replayed";
  if (retry) {
    log.info({ outcome: "retry", stamp: retry }, "signup handled");
    return afterFloor({ status: "retry", message: RETRY_MESSAGE });
  }

  if (!(await signupAllowedForIp(deps.redis, actor.ip ?? "unknown", now.getTime()))) {
    return { status: "rate-limited", message: "Too many sign-ups from your network in the last hour. Please try again later." };
  }

  const topics = await resolveTopicSlugs(deps.db, form.topicSlugs);
  if (!topics.ok) return { status: "invalid", errors: { topics: topics.message } };

  if (!(await signupAllowedForAddress(deps.redis, form.emailKey, now.getTime()))) return accept("dropped-address-limit");
  // Bounces and complaints block for good. An erasure does not: a new sign-up is the person asking again, and the
  // suppression is lifted only when that sign-up is confirmed.
  const suppression = await suppressionOf(deps.db, { key: form.emailKey, typed: form.email });
  if (suppression && suppression !== "ERASED") return accept("dropped-suppressed");

  const frequency = frequencyOfChoice(form.frequency);
  const topicSlugs = topics.topics.map((t) => t.slug);
  const consent = { ...consentContext({ email: form.email }, topicSlugs, "signup-form", actor, now), detail: `frequency ${form.frequency}` };

  const upsert = () =>
    deps.db.$transaction(async (tx) => {
      const existing = await tx.subscriber.findUnique({ where: { email: form.emailKey }, select: { id: true, status: true, confirmationId: true } });
      if (existing?.status === "ACTIVE") return { id: existing.id, outcome: "already-active" as const, confirmationId: null };
      if (!existing) {
        const created = await tx.subscriber.create({
          data: { email: form.emailKey, emailAsTyped: form.email === form.emailKey ? null : form.email, frequency, createdAt: now, topics: { create: topics.topics.map((t) => ({ topicId: t.id })) } },
          select: { id: true },
        });
        await recordConsentEvent(tx, { subscriberId: created.id, kind: "SIGNUP", ...consent });
        return { id: created.id, outcome: "created" as const, confirmationId: null };
      }
      // The address already has a row: whoever typed it may not be its owner, so the choices wait beside the row's
      // own and replace them only when this sign-up is confirmed from the inbox (the latest sign-up's choices win).
      await tx.subscriber.update({ where: { id: existing.id }, data: { pendingFrequency: frequency, pendingTopicIds: topics.topics.map((t) => t.id) } });
      await recordConsentEvent(tx, { subscriberId: existing.id, kind: "SIGNUP", ...consent, detail: `${consent.detail}, applied once confirmed` });
      const outcome = existing.status === "PENDING" ? ("updated-pending" as const) : ("updated-unsubscribed" as const);
      return { id: existing.id, outcome, confirmationId: existing.confirmationId };
    });

  let result: { id: string; outcome: SignupOutcome; confirmationId: string | null };
  try {
    result = await upsert();
  } catch (err) {
    // Two submissions for a new address raced on the unique e-mail: the second one now finds the row.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") result = await upsert();
    else throw err;
  }
  if (result.outcome === "already-active") return accept("already-active");

  const queued = await claimConfirmationMail(deps, result, form.emailKey, now);
  return accept(result.outcome, queued);
}

/**
 * At most one confirmation mail per address per day, guarded twice: a Redis slot (cheap, shared by all web servers)
 * and a conditional update of lastConfirmationSentAt (survives an emptied Redis).
 */
async function claimConfirmationMail(
  deps: SubscriberDeps,
  row: { id: string; confirmationId: string | null },
  emailKey: string,
  now: Date,
): Promise<boolean> {
  const subscriberId = row.id;
  if (!(await takeConfirmationMailSlot(deps.redis, emailKey))) return false;
  const dayAgo = new Date(now.getTime() - CONFIRMATION_MAIL_WINDOW_SECONDS * 1000);
  // The link's subject stays the same while it is unused, so an earlier mail's link still works.
  const claimed = await deps.db.subscriber.updateMany({
    where: {
      id: subscriberId,
      status: { in: ["PENDING", "UNSUBSCRIBED"] },
      confirmationId: row.confirmationId,
      OR: [{ lastConfirmationSentAt: null }, { lastConfirmationSentAt: { lte: dayAgo } }],
    },
    data: { lastConfirmationSentAt: now, confirmationId: row.confirmationId ?? randomUUID() },
  });
  if (claimed.count !== 1) return false;
  try {
    await deps.enqueue({ kind: "confirmation", subscriberId }, now);
  } catch (err) {
    // Not queued: give both guards back, so that the person's next try sends the mail instead of finding today's
    // mail "already sent". Best effort: the error that reaches the visitor is the enqueue's.
    await deps.db.subscriber
      .updateMany({ where: { id: subscriberId, lastConfirmationSentAt: now }, data: { lastConfirmationSentAt: null } })
      .catch(() => undefined);
    await releaseConfirmationMailSlot(deps.redis, emailKey).catch(() => undefined);
    throw err;
  }
  return true;
}
