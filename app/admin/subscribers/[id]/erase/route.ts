// POST: erases the subscriber (audited; the box must be ticked), then back to the look-up.
import { subscriberActionRoute } from "../subscriber-action-route";

export const POST = subscriberActionRoute("erase");
