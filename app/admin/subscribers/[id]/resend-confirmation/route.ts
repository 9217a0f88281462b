// POST: queues the pending subscriber's confirmation mail again (once a day at most) (audited), then back to its page.
import { subscriberActionRoute } from "../subscriber-action-route";

export const POST = subscriberActionRoute("resend-confirmation");
