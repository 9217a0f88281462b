// Parses the signup form (from a plain HTML form POST or the enhanced client) with zod into checked values, with one
// clear message per bad field. Only the address ever reaches a mail header; every other field is checked just as strictly
// because it still reaches the database and the logs.
import { z } from "zod";
import { FREQUENCY_CHOICES, type FrequencyChoice } from "@/lib/digest/frequency";
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

const noControlCharacters = (s: string) => !hasControlCharacters(s);
const CHOOSE_TOPICS = "Please choose topics from the list.";
const CHOOSE_FREQUENCY = "Please choose daily or weekly.";

const topicSlug = z
  .string({ error: CHOOSE_TOPICS })
  .refine(noControlCharacters, { error: "A topic contained a control character. Please choose topics from the list.", abort: true })
  .regex(SLUG, { error: CHOOSE_TOPICS });

/** One topic field or several (a plain form repeats the field): at least one, at most MAX_TOPICS, without repeats. */
const topicSlugs = z.preprocess(
  (raw) => (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]),
  z
    .array(z.unknown())
    .min(1, { error: "Please choose at least one topic." })
    .max(MAX_TOPICS, { error: "Too many topics were sent. Please choose from the list." })
    .pipe(z.array(topicSlug))
    .transform((list) => [...new Set(list)]),
);

const frequency = z
  .string({ error: CHOOSE_FREQUENCY })
  .refine(noControlCharacters, { error: "The frequency contained a control character. Please choose daily or weekly.", abort: true })
  .pipe(z.enum(FREQUENCY_CHOICES, { error: CHOOSE_FREQUENCY }));

/** Optional short text fields (honeypot, stamp): strings of bounded length without control characters. */
const plainField = (max: number) => z.preprocess((raw) => raw ?? "", z.string().max(max).refine(noControlCharacters));

const email = z.unknown().transform((raw, ctx) => {
  const r = normaliseEmail(raw);
  if (r.ok) return { email: r.email, key: r.key };
  ctx.addIssue({ code: "custom", message: r.message });
  return z.NEVER;
});

const signupForm = z.object({ email, topics: topicSlugs, frequency, honeypot: plainField(1000), stamp: plainField(200) });

type FieldResult<K extends string, T> = ({ ok: true } & Record<K, T>) | { ok: false; message: string };

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Please check this field.";
}

export function parseTopicSlugs(raw: unknown): FieldResult<"slugs", string[]> {
  const r = topicSlugs.safeParse(raw);
  return r.success ? { ok: true, slugs: r.data } : { ok: false, message: firstMessage(r.error) };
}

export function parseFrequency(raw: unknown): FieldResult<"frequency", FrequencyChoice> {
  const r = frequency.safeParse(raw);
  return r.success ? { ok: true, frequency: r.data } : { ok: false, message: firstMessage(r.error) };
}

export function parseSignupForm(raw: RawSignupForm): ParsedSignupForm {
  const r = signupForm.safeParse(raw);
  if (r.success) {
    const v = r.data;
    return { ok: true, value: { email: v.email.email, emailKey: v.email.key, topicSlugs: v.topics, frequency: v.frequency, honeypot: v.honeypot, stamp: v.stamp } };
  }
  const errors: SignupFieldErrors = {};
  for (const issue of r.error.issues) {
    const field = issue.path[0];
    if (field === "honeypot" || field === "stamp") {
      errors.form = "The form was sent with unexpected content (a control character or an over-long hidden field). Please reload the page and try again.";
    } else if ((field === "email" || field === "topics" || field === "frequency") && !errors[field]) {
      errors[field] = issue.message;
    }
  }
  return { ok: false, errors };
}
