// The state the signup form shows after a submission (shared by the server action and the client form).
import type { SignupFieldErrors } from "@/lib/subscribers/signup-form";
import type { FrequencyChoice } from "@/lib/digest/frequency";

export interface SignupState {
  status: "idle" | "accepted" | "error";
  errors: SignupFieldErrors;
  values: { email: string; topics: string[]; frequency: FrequencyChoice } | null;
  /** A fresh form stamp for the next submission (minimum fill time). */
  stamp: string;
}
