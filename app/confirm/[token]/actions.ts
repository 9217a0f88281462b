"use server";
// The confirmation POST. Redirects back to the page (303), which then shows the confirmed state.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientInfo } from "@/lib/http/client-info";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { subscriberIdForToken } from "@/lib/subscribers/token-access";

export async function confirmAction(formData: FormData): Promise<void> {
  const token = formData.get("token");
  const id = subscriberIdForToken(token, "confirm");
  if (id) await confirmSubscription(id, clientInfo(await headers()));
  redirect(typeof token === "string" && id ? `/confirm/${token}` : "/confirm/invalid");
}
