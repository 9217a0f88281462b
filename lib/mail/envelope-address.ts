// The bare address of a From header ("Paperboy <digest@example.org>" -> "digest@example.org"): the SMTP envelope
// sender (MAIL FROM), and the domain of the Message-IDs this platform makes.
export function envelopeAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

/** The domain of the Message-IDs this platform makes: the sender's domain, or the list id when it has none. */
export function messageIdDomain(mailFrom: string, listId: string): string {
  return envelopeAddress(mailFrom).split("@")[1] ?? listId;
}
