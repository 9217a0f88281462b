// A sign-up the web server has already run (plain-signup.ts) and hands on to Next.js only for the page of an answer
// other than "accepted": the action takes the outcome from here instead of running the sign-up a second time (which
// would find its stamp used). Like admission-slot.ts, the store lives on globalThis because the app's server bundle
// carries its own copy of every lib/ module.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SignupResult } from "@/lib/subscribers/signup";

export type DecidedSignup = { result: SignupResult } | { error: unknown };

const KEY = Symbol.for("paperboy.decided-signup");

function store(): AsyncLocalStorage<DecidedSignup> {
  const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<DecidedSignup> | undefined>;
  return (g[KEY] ??= new AsyncLocalStorage<DecidedSignup>());
}

export function runWithDecidedSignup<T>(decided: DecidedSignup, work: () => T): T {
  return store().run(decided, work);
}

/** The outcome of this request's sign-up when the server already ran it; undefined when the action must run it. */
export function decidedSignup(): DecidedSignup | undefined {
  return store().getStore();
}
