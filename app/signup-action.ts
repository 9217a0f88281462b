"use server";
// The signup form's server action. Works as a plain HTML form POST without JavaScript (Next.js re-renders the page
// with the returned state) and as an enhanced submission with it.
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { clientInfo } from "@/lib/http/client-info";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import { rawSignupFromFormData } from "@/lib/subscribers/signup-form";
import { signup } from "@/lib/subscribers/signup";
import type { SignupState } from "@/app/signup-state";

export async function signupAction(_previous: SignupState, formData: FormData): Promise<SignupState> {
  // Anyone can call an action with any arguments: anything but a form is a bad request (404), never a crash.
  if (!(formData instanceof FormData)) notFound();
  const actor = clientInfo(await headers());
  const raw = rawSignupFromFormData(formData);
  const result = await signup(raw, actor);
  if (result.status === "accepted") return { status: "accepted", errors: {}, values: null, stamp: issueFormStamp() };
  // What the visitor chose is handed back so the form keeps it; only the page renders it (escaped by React).
  const values = {
    email: typeof raw.email === "string" ? raw.email.slice(0, 300) : "",
    topics: Array.isArray(raw.topics) ? raw.topics.filter((t): t is string => typeof t === "string").slice(0, 50) : [],
    frequency: raw.frequency === "weekly" ? ("weekly" as const) : ("daily" as const),
  };
  if (result.status === "rate-limited" || result.status === "retry") return { status: "error", errors: { form: result.message }, values, stamp: issueFormStamp() };
  return { status: "error", errors: result.errors, values, stamp: issueFormStamp() };
}
