// Normalises and validates an e-mail address typed by a visitor into two forms: `email`, the spelling to show back
// to the person, and `key`, the canonical form every lookup, rate limit and suppression hash uses (mailbox providers
// ignore the case of the local part, so ADA@ and ada@ are one inbox and must be one subscriber).
// Rules: Unicode NFKC first (a full-width letter is its ASCII twin); surrounding spaces trimmed; no control
// characters anywhere; one @; local part a plain dot-atom of at most
// 64 characters (quoted local parts are refused: they are legal but only ever seen in abuse); domain lower-cased
// (internationalised domains converted to their ASCII form) with valid labels; at most 254 characters in all.
import { domainToASCII } from "node:url";
import { hasControlCharacters } from "@/lib/subscribers/control-characters";

export const MAX_EMAIL_LENGTH = 254;
export const MAX_LOCAL_LENGTH = 64;

export type EmailResult = { ok: true; email: string; key: string } | { ok: false; message: string };

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const fail = (message: string): EmailResult => ({ ok: false, message });

export function normaliseEmail(raw: unknown): EmailResult {
  if (typeof raw !== "string") return fail("Please enter your e-mail address.");
  // Checked before trimming: a pasted address ending in a line break is refused, not quietly repaired.
  if (hasControlCharacters(raw)) {
    return fail("The e-mail address contains a line break or another invisible control character. Please type it again.");
  }
  // Guard the work below against megabyte-long input before anything else looks at it.
  if (raw.length > MAX_EMAIL_LENGTH * 2) return fail(`The e-mail address is too long (at most ${MAX_EMAIL_LENGTH} characters).`);
  const trimmed = raw.normalize("NFKC").trim();
  if (trimmed === "") return fail("Please enter your e-mail address.");
  if (/\s/.test(trimmed)) return fail("The e-mail address cannot contain spaces.");

  const at = trimmed.lastIndexOf("@");
  if (at < 0 || trimmed.indexOf("@") !== at) return fail("The e-mail address needs exactly one @, like ada@example.org.");
  const local = trimmed.slice(0, at);
  const domainInput = trimmed.slice(at + 1);
  if (local === "") return fail("The e-mail address needs a name before the @, like ada@example.org.");
  if (domainInput === "") return fail("The e-mail address needs a domain after the @, like ada@example.org.");
  if (local.length > MAX_LOCAL_LENGTH) return fail(`The part before the @ is too long (at most ${MAX_LOCAL_LENGTH} characters).`);
  if (!LOCAL.test(local)) {
    return fail(
      "The part before the @ may contain only letters, digits and . ! # $ % & ' * + - / = ? ^ _ ` { | } ~ " +
        "(no dot at the start or the end, and no two dots in a row).",
    );
  }

  const domain = domainToASCII(domainInput.toLowerCase().replace(/\.$/, ""));
  const labels = domain.split(".");
  if (domain === "" || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(labels.at(-1) ?? "")) {
    return fail("The part after the @ must be a domain name such as example.org.");
  }

  const email = `${local}@${domain}`;
  if (email.length > MAX_EMAIL_LENGTH) return fail(`The e-mail address is too long (at most ${MAX_EMAIL_LENGTH} characters).`);
  return { ok: true, email, key: emailKey(email) };
}

/** The canonical key of an address that normaliseEmail accepted (its domain is already lower-case ASCII). */
export function emailKey(normalisedEmail: string): string {
  return normalisedEmail.normalize("NFKC").toLowerCase();
}
