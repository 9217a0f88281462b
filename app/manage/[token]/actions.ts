"use server";
// The preferences page's actions. Each one checks the manage token again (a form can be replayed or forged), calls
// lib/subscribers, and redirects back to the page (303) with a short result code the page turns into its own words.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientInfo } from "@/lib/http/client-info";
import { eraseSubscriber } from "@/lib/subscribers/erase";
import { setPause, updatePreferences, type ChangeResult } from "@/lib/subscribers/preferences";
import { resubscribe, unsubscribe } from "@/lib/subscribers/unsubscribe";
import { subscriberIdForToken } from "@/lib/subscribers/token-access";
import { db } from "@/lib/db";

function tokenOf(formData: FormData): { token: string; id: string } {
  const token = formData.get("token");
  const id = subscriberIdForToken(token, "manage");
  if (!id || typeof token !== "string") redirect("/manage/invalid");
  return { token, id };
}

function back(token: string, result: ChangeResult | { ok: true } , done: string): never {
  if (result.ok) redirect(`/manage/${token}?done=${done}`);
  redirect(`/manage/${token}?error=${result.code}`);
}

export async function savePreferencesAction(formData: FormData): Promise<void> {
  const { token, id } = tokenOf(formData);
  const result = await updatePreferences(id, { topics: formData.getAll("topics"), frequency: formData.get("frequency") ?? undefined }, clientInfo(await headers()));
  back(token, result, "saved");
}

export async function pauseAction(formData: FormData): Promise<void> {
  const { token, id } = tokenOf(formData);
  const result = await setPause(id, formData.get("until") ?? "", clientInfo(await headers()));
  back(token, result, "paused");
}

export async function resumeAction(formData: FormData): Promise<void> {
  const { token, id } = tokenOf(formData);
  const result = await setPause(id, null, clientInfo(await headers()));
  back(token, result, "resumed");
}

export async function unsubscribeAction(formData: FormData): Promise<void> {
  const { token, id } = tokenOf(formData);
  await unsubscribe(id, { ...clientInfo(await headers()), source: "manage-page" });
  back(token, { ok: true }, "unsubscribed");
}

export async function resubscribeAction(formData: FormData): Promise<void> {
  const { token, id } = tokenOf(formData);
  const r = await resubscribe(id, clientInfo(await headers()));
  redirect(`/manage/${token}?${r === "needs-confirmation" ? "error=needs-confirmation" : "done=resubscribed"}`);
}

export async function eraseAction(formData: FormData): Promise<void> {
  const { token, id } = tokenOf(formData);
  if (formData.get("confirm-erase") !== "yes") redirect(`/manage/${token}?error=erase-unconfirmed`);
  await eraseSubscriber(db(), id);
  redirect("/goodbye");
}
