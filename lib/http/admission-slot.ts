// The admission slot a request holds (admission-gate.ts), reachable from the work the request runs, so that the work
// can hand the slot back as soon as its database and queue work is done: a sign-up's padding to its response floor
// is waiting, not work, and must not keep the next sign-up out. The store lives on globalThis because the app's
// server bundle carries its own copy of every lib/ module, beside the copy the web server loaded.
import { AsyncLocalStorage } from "node:async_hooks";

const KEY = Symbol.for("paperboy.admission-slot");

function slots(): AsyncLocalStorage<() => void> {
  const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<() => void> | undefined>;
  return (g[KEY] ??= new AsyncLocalStorage<() => void>());
}

/** Runs `work` holding a slot that `release` gives back (a release function must tolerate being called twice). */
export function runHoldingSlot<T>(release: () => void, work: () => T): T {
  return slots().run(release, work);
}

/** Gives back the slot the current request holds, if it holds one; a no-op anywhere else. */
export function releaseAdmissionSlot(): void {
  slots().getStore()?.();
}
