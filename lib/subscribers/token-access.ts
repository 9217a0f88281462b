// The link pages' way in: a token from a URL becomes a subscriber view only when it is genuine, unexpired, of the
// right purpose and its subscriber still exists. Every failure is the same null, so pages cannot tell reasons apart.
import { verifyToken, type TokenPurpose } from "@/lib/tokens/tokens";
import { getSubscriberView, type SubscriberView } from "@/lib/subscribers/subscriber-view";

export async function subscriberForToken(token: unknown, purpose: TokenPurpose): Promise<SubscriberView | null> {
  const claims = verifyToken(typeof token === "string" ? token : null, purpose);
  if (!claims) return null;
  return getSubscriberView(claims.subscriberId);
}

/** The subscriber id of a genuine token, or null (for actions that tolerate a subscriber that is gone). */
export function subscriberIdForToken(token: unknown, purpose: TokenPurpose): string | null {
  return verifyToken(typeof token === "string" ? token : null, purpose)?.subscriberId ?? null;
}
