// The operator a page request is signed in as (cached per request), or a redirect to the sign-in page.
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { operatorOf, sessionCookieName, type Operator } from "@/lib/admin/session";

export const currentOperator = cache(async (): Promise<Operator | null> => {
  const value = (await cookies()).get(sessionCookieName())?.value;
  return value ? operatorOf(db(), value) : null;
});

export async function requireOperator(): Promise<Operator> {
  const operator = await currentOperator();
  if (!operator) redirect("/admin/sign-in");
  return operator;
}
