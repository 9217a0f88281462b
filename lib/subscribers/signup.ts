// The signup form's one entry point. Whatever the address's state (new, pending, active, unsubscribed, suppressed,
// rate-limited, or the submission a bot's), a well-formed submission gets the same answer after the same minimum
// time, so the form cannot be used to find out who subscribes. The confirmation mail is sent by the worker; here it
// is only enqueued, at most once per address per day.
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordConsentEvent } from "@/lib/consent/record-consent-event";
import { signupAllowedForAddress, signupAllowedForIp, takeConfirmationMailSlot, CONFIRMATION_MAIL_WINDOW_SECONDS } from "@/lib/rate-limit/signup-limits";
import { checkFormStamp } from "@/lib/subscribers/form-stamp";
import { parseSignupForm, type RawSignupForm, type SignupFieldErrors } from "@/lib/subscribers/signup-form";
import { isSuppressed } from "@/lib/subscribers/suppression";
import { resolveTopicSlugs } from "@/lib/subscribers/topics-lookup";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

export type SignupResult =
  | { status: "accepted" }
  | { status: "invalid"; errors: SignupFieldErrors }
  | { status: "rate-limited"; message: string };

/** Why an accepted submission did nothing; for logs and tests only, never shown. */
export type SignupOutcome =
  | "created"
  | "updated-pending"
  | "updated-unsubscribed"
  | "already-active"
  | "dropped-honeypot"
  | "dropped-too-fast"
  | "dropped-address-limit"
  | "dropped-suppressed";

export interface SignupOptions {
  /** Minimum time every accepted answer takes (default SIGNUP_RESPONSE_FLOOR_MS). */
  responseFloorMs?: number;
  minFillMs?: number;
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

  const accept = async (outcome: SignupOutcome, queued = false): Promise<SignupResult> => {
    options.onOutcome?.(outcome, queued);
    log.info({ outcome, queued, address: maskEmail(form.email) }, "signup handled");
    const wait = floor - (Date.now() - started);
    if (wait > 0) await sleep(wait);
    return { status: "accepted" };
  };

  // Bots: accepted and silently dropped, so they learn nothing from the answer.
  if (form.honeypot.trim() !== "") return accept("dropped-honeypot");
  const now = deps.now();
  const stamp = checkFormStamp(form.stamp, { now: now.getTime(), ...(options.minFillMs !== undefined ? { minFillMs: options.minFillMs } : {}) });
  if (stamp !== "ok") return accept("dropped-too-fast");

  if (!(await signupAllowedForIp(deps.redis, actor.ip ?? "unknown", now.getTime()))) {
    return { status: "rate-limited", message: "Too many sign-ups from your network in the last hour. Please try again later." };
  }

  const topics = await resolveTopicSlugs(deps.db, form.topicSlugs);
  if (!topics.ok) return { status: "invalid", errors: { topics: topics.message } };

  if (!(await signupAllowedForAddress(deps.redis, form.email, now.getTime()))) return accept("dropped-address-limit");
  if (await isSuppressed(deps.db, form.email)) return accept("dropped-suppressed");

  const frequency = form.frequency === "daily" ? "DAILY" : "WEEKLY";
  const topicSlugs = topics.topics.map((t) => t.slug);
  const consent = {
    email: form.email,
    topics: topicSlugs,
    source: "signup-form" as const,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    detail: `frequency ${form.frequency}`,
    at: now,
  };

  const upsert = () =>
    deps.db.$transaction(async (tx) => {
      const existing = await tx.subscriber.findUnique({ where: { email: form.email }, select: { id: true, status: true } });
      if (existing?.status === "ACTIVE") return { id: existing.id, outcome: "already-active" as const };
      let id: string;
      let outcome: SignupOutcome;
      if (!existing) {
        const created = await tx.subscriber.create({ data: { email: form.email, frequency, createdAt: now }, select: { id: true } });
        id = created.id;
        outcome = "created";
      } else {
        // Pending or unsubscribed: the latest choices win, applied once the address owner confirms.
        id = existing.id;
        outcome = existing.status === "PENDING" ? "updated-pending" : "updated-unsubscribed";
        await tx.subscriber.update({ where: { id }, data: { frequency } });
        await tx.subscriberTopic.deleteMany({ where: { subscriberId: id } });
      }
      await tx.subscriberTopic.createMany({ data: topics.topics.map((t) => ({ subscriberId: id, topicId: t.id })) });
      await recordConsentEvent(tx, { subscriberId: id, kind: "SIGNUP", ...consent });
      return { id, outcome };
    });

  let result: { id: string; outcome: SignupOutcome };
  try {
    result = await upsert();
  } catch (err) {
    // Two submissions for a new address raced on the unique e-mail: the second one now finds the row.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") result = await upsert();
    else throw err;
  }
  if (result.outcome === "already-active") return accept("already-active");

  const queued = await claimConfirmationMail(deps, result.id, form.email, now);
  return accept(result.outcome, queued);
}

/**
 * At most one confirmation mail per address per day, guarded twice: a Redis slot (cheap, shared by all web servers)
 * and a conditional update of lastConfirmationSentAt (survives an emptied Redis).
 */
async function claimConfirmationMail(deps: SubscriberDeps, subscriberId: string, email: string, now: Date): Promise<boolean> {
  if (!(await takeConfirmationMailSlot(deps.redis, email))) return false;
  const dayAgo = new Date(now.getTime() - CONFIRMATION_MAIL_WINDOW_SECONDS * 1000);
  const claimed = await deps.db.subscriber.updateMany({
    where: {
      id: subscriberId,
      status: { in: ["PENDING", "UNSUBSCRIBED"] },
      OR: [{ lastConfirmationSentAt: null }, { lastConfirmationSentAt: { lte: dayAgo } }],
    },
    data: { lastConfirmationSentAt: now },
  });
  if (claimed.count !== 1) return false;
  await deps.enqueue({ kind: "confirmation", subscriberId }, now);
  return true;
}
