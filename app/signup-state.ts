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

export const NOT_ANSWERED_MESSAGE = "The site is busy and could not take your sign-up just now. Please press Subscribe again in a few seconds.";

/**
 * The action as the enhanced form calls it: when no state comes back (the server turned the sign-up away with 503
 * before reading it, or could not be reached), the form stays as it was typed, with a message, and the same stamp
 * (it was not used).
 */
export function keepFormWhenNotAnswered(action: (previous: SignupState, formData: FormData) => Promise<SignupState>) {
  return async (previous: SignupState, formData: FormData): Promise<SignupState> => {
    try {
      return await action(previous, formData);
    } catch {
      const text = (name: string) => {
        const v = formData.get(name);
        return typeof v === "string" ? v : "";
      };
      return {
        status: "error",
        errors: { form: NOT_ANSWERED_MESSAGE },
        values: {
          email: text("email").slice(0, 300),
          topics: formData.getAll("topics").filter((t): t is string => typeof t === "string").slice(0, 50),
          frequency: text("frequency") === "weekly" ? "weekly" : "daily",
        },
        stamp: previous.stamp,
      };
    }
  };
}
