// POST: unsubscribes the subscriber (audited), then back to its page.
import { subscriberActionRoute } from "../subscriber-action-route";

export const POST = subscriberActionRoute("unsubscribe");
