"use server";
// The signup form's server action. Works as a plain HTML form POST without JavaScript and as an enhanced submission
// with it. An accepted plain POST is redirected (303) to the small "check your inbox" page instead of having Next.js
// render the landing page again with its data; a refused one gets the page again with the form as it was typed.
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { releaseAdmissionSlot } from "@/lib/http/admission-slot";
import { clientInfo } from "@/lib/http/client-info";
import { decidedSignup } from "@/lib/http/decided-signup";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import { rawSignupFromFormData } from "@/lib/subscribers/signup-form";
import { signup } from "@/lib/subscribers/signup";
import type { SignupState } from "@/app/signup-state";

export async function signupAction(_previous: SignupState, formData: FormData): Promise<SignupState> {
  // Anyone can call an action with any arguments: anything but a form is a bad request (404), never a crash.
  if (!(formData instanceof FormData)) notFound();
  const requestHeaders = await headers();
  const actor = clientInfo(requestHeaders);
  const raw = rawSignupFromFormData(formData);
  // The web server may have run this sign-up already (lib/http/plain-signup.ts) and sent it here for its page.
  const decided = decidedSignup();
  if (decided && "error" in decided) throw decided.error;
  // The admission slot is handed back before the answer is padded to its floor (waiting is not work).
  const result = decided ? decided.result : await signup(raw, actor, { onWorkDone: releaseAdmissionSlot });
  releaseAdmissionSlot();
  if (result.status === "accepted") {
    // Only the script sends the action header; without it this is the plain form's POST.
    if (!requestHeaders.has("next-action")) redirect("/check-your-inbox");
    return { status: "accepted", errors: {}, values: null, stamp: issueFormStamp() };
  }
  // What the visitor chose is handed back so the form keeps it; only the page renders it (escaped by React).
  const values = {
    email: typeof raw.email === "string" ? raw.email.slice(0, 300) : "",
    topics: Array.isArray(raw.topics) ? raw.topics.filter((t): t is string => typeof t === "string").slice(0, 50) : [],
    frequency: raw.frequency === "weekly" ? ("weekly" as const) : ("daily" as const),
  };
  if (result.status === "rate-limited" || result.status === "retry") return { status: "error", errors: { form: result.message }, values, stamp: issueFormStamp() };
  return { status: "error", errors: result.errors, values, stamp: issueFormStamp() };
}
