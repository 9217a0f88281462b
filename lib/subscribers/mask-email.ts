// An address shown on a page reached by a link that may be forwarded: enough for its owner to recognise it
// ("g***@example.org"), not enough for someone else to learn it.
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
