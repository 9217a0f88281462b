// Parses the signup form (from a plain HTML form POST or the enhanced client) into checked values, with one clear
// message per bad field. Only the address ever reaches a mail header; every other field is checked just as strictly
// because it still reaches the database and the logs.
import type { FrequencyChoice } from "@/lib/digest/frequency";
import { hasControlCharacters } from "@/lib/subscribers/control-characters";
import { normaliseEmail } from "@/lib/subscribers/normalise-email";


/** Field names of the form; the honeypot has a name a form-filling bot cannot resist. */
export const SIGNUP_FIELDS = { email: "email", topics: "topics", frequency: "frequency", honeypot: "website", stamp: "stamp" } as const;

export interface RawSignupForm {
  email?: unknown;
  topics?: unknown;
  frequency?: unknown;
  honeypot?: unknown;
  stamp?: unknown;
}

export interface SignupForm {
  /** The address as typed (for display), and its canonical key (for every lookup, limit and hash). */
  email: string;
  emailKey: string;
  topicSlugs: string[];
  frequency: FrequencyChoice;
  honeypot: string;
  stamp: string;
}

export type SignupFieldErrors = Partial<Record<"email" | "topics" | "frequency" | "form", string>>;

export type ParsedSignupForm = { ok: true; value: SignupForm } | { ok: false; errors: SignupFieldErrors };

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_TOPICS = 50;

/** Reads the fields out of FormData (the same names the page renders). */
export function rawSignupFromFormData(data: FormData): RawSignupForm {
  return {
    email: data.get(SIGNUP_FIELDS.email) ?? undefined,
    topics: data.getAll(SIGNUP_FIELDS.topics),
    frequency: data.get(SIGNUP_FIELDS.frequency) ?? undefined,
    honeypot: data.get(SIGNUP_FIELDS.honeypot) ?? undefined,
    stamp: data.get(SIGNUP_FIELDS.stamp) ?? undefined,
  };
}

export function parseTopicSlugs(raw: unknown): { ok: true; slugs: string[] } | { ok: false; message: string } {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return { ok: false, message: "Please choose at least one topic." };
  if (list.length > MAX_TOPICS) return { ok: false, message: "Too many topics were sent. Please choose from the list." };
  for (const t of list) {
    if (typeof t !== "string") return { ok: false, message: "Please choose topics from the list." };
    if (hasControlCharacters(t)) return { ok: false, message: "A topic contained a control character. Please choose topics from the list." };
    if (!SLUG.test(t)) return { ok: false, message: "Please choose topics from the list." };
  }
  return { ok: true, slugs: [...new Set(list as string[])] };
}

export function parseFrequency(raw: unknown): { ok: true; frequency: FrequencyChoice } | { ok: false; message: string } {
  if (typeof raw === "string" && hasControlCharacters(raw)) {
    return { ok: false, message: "The frequency contained a control character. Please choose daily or weekly." };
  }
  if (raw === "daily" || raw === "weekly") return { ok: true, frequency: raw };
  return { ok: false, message: "Please choose daily or weekly." };
}

/** Optional short text fields (honeypot, stamp): strings of bounded length without control characters. */
function plainField(raw: unknown, max: number): { ok: true; value: string } | { ok: false } {
  if (raw === undefined || raw === null) return { ok: true, value: "" };
  if (typeof raw !== "string" || raw.length > max || hasControlCharacters(raw)) return { ok: false };
  return { ok: true, value: raw };
}

export function parseSignupForm(raw: RawSignupForm): ParsedSignupForm {
  const errors: SignupFieldErrors = {};
  const email = normaliseEmail(raw.email);
  if (!email.ok) errors.email = email.message;
  const topics = parseTopicSlugs(raw.topics);
  if (!topics.ok) errors.topics = topics.message;
  const frequency = parseFrequency(raw.frequency);
  if (!frequency.ok) errors.frequency = frequency.message;
  const honeypot = plainField(raw.honeypot, 1000);
  const stamp = plainField(raw.stamp, 200);
  if (!honeypot.ok || !stamp.ok) {
    errors.form = "The form was sent with unexpected content (a control character or an over-long hidden field). Please reload the page and try again.";
  }
  if (!email.ok || !topics.ok || !frequency.ok || !honeypot.ok || !stamp.ok) return { ok: false, errors };
  return {
    ok: true,
    value: { email: email.email, emailKey: email.key, topicSlugs: topics.slugs, frequency: frequency.frequency, honeypot: honeypot.value, stamp: stamp.value },
  };
}
