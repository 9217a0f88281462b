// The state the signup form shows after a submission (shared by the server action and the client form).
import type { SignupFieldErrors } from "@/lib/subscribers/signup-form";

export interface SignupState {
  status: "idle" | "accepted" | "error";
  errors: SignupFieldErrors;
  values: { email: string; topics: string[]; frequency: "daily" | "weekly" } | null;
  /** A fresh form stamp for the next submission (minimum fill time). */
  stamp: string;
}
