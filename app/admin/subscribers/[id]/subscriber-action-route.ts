// The POST of each action on a subscriber's page: through the gate, the action (audited), then back to the page.
import { db } from "@/lib/db";
import { guardAction } from "@/lib/admin/guard-action";
import { actOnSubscriber, type SubscriberAction } from "@/lib/admin/subscriber-admin";
import { subscriberDeps } from "@/lib/subscribers/deps";

export function subscriberActionRoute(action: SubscriberAction) {
  return async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
    const { id } = await params;
    return guardAction(request, db(), async ({ operator, form, client }) => {
      // Erasure cannot be undone: the form's box must be ticked.
      if (action === "erase" && form.get("confirm") !== "yes") return `/admin/subscribers/${id}?erase=unconfirmed`;
      const result = await actOnSubscriber(subscriberDeps(), action, id, operator, client);
      if (result === "not-found") return "/admin/subscribers?gone";
      return action === "erase" ? "/admin/subscribers?erased" : `/admin/subscribers/${id}?${action}=${result}`;
    });
  };
}
