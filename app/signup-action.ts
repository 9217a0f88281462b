"use server";
// The signup form's server action. Works as a plain HTML form POST without JavaScript (Next.js re-renders the page
// with the returned state, from cached data) and as an enhanced submission with it (only the state travels back).
// Too busy to take a sign-up (a full connection pool, a database or Redis that does not answer in time): the answer
// is 503 with Retry-After and the form as it was sent, never a 500; nothing that was not saved is reported accepted.
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { clientInfo } from "@/lib/http/client-info";
import { stampFromFormOrCookie } from "@/lib/http/form-stamp-cookie";
import { isOverload } from "@/lib/http/overload";
import { answerUnavailable } from "@/lib/http/response-hints";
import { logger } from "@/lib/logger";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import { rawSignupFromFormData } from "@/lib/subscribers/signup-form";
import { signup, type SignupResult } from "@/lib/subscribers/signup";
import type { SignupState } from "./signup-state";

/** How long a visitor turned away under overload is asked to wait. */
const RETRY_AFTER_SECONDS = 30;
const BUSY_MESSAGE = "We are very busy right now and could not take your sign-up. Please press Subscribe again in a minute.";

export async function signupAction(_previous: SignupState, formData: FormData): Promise<SignupState> {
  // Anyone can call an action with any arguments: anything but a form is a bad request (404), never a crash.
  if (!(formData instanceof FormData)) notFound();
  const actor = clientInfo(await headers());
  const raw = rawSignupFromFormData(formData);
  raw.stamp = stampFromFormOrCookie(raw.stamp, await cookies());
  let result: SignupResult | "busy";
  try {
    result = await signup(raw, actor);
  } catch (err) {
    if (!isOverload(err)) throw err;
    logger().warn({ component: "signup", err: (err as Error).message }, "signup refused: overloaded");
    answerUnavailable(RETRY_AFTER_SECONDS);
    result = "busy";
  }
  if (result !== "busy" && result.status === "accepted") return { status: "accepted", errors: {}, values: null, stamp: issueFormStamp() };
  // What the visitor chose is handed back so the form keeps it; only the page renders it (escaped by React).
  const values = {
    email: typeof raw.email === "string" ? raw.email.slice(0, 300) : "",
    topics: Array.isArray(raw.topics) ? raw.topics.filter((t): t is string => typeof t === "string").slice(0, 50) : [],
    frequency: raw.frequency === "weekly" ? ("weekly" as const) : ("daily" as const),
  };
  if (result === "busy") return { status: "error", errors: { form: BUSY_MESSAGE }, values, stamp: issueFormStamp() };
  if (result.status === "rate-limited" || result.status === "retry") return { status: "error", errors: { form: result.message }, values, stamp: issueFormStamp() };
  return { status: "error", errors: result.errors, values, stamp: issueFormStamp() };
}
