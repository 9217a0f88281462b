// What code deep inside a request (a server action) wants the HTTP answer to carry but cannot set itself: Next.js
// gives server actions no say over the status code. The web server (lib/http/web-server.ts) opens one hint store per
// request and applies it to the response. Kept on globalThis because the server and the bundled app load this module
// separately, and both must see the same store.
import { AsyncLocalStorage } from "node:async_hooks";

export interface ResponseHints {
  status?: number;
  retryAfterSeconds?: number;
}

const KEY = Symbol.for("paperboy.response-hints");
const holder = globalThis as unknown as { [KEY]?: AsyncLocalStorage<ResponseHints> };

function storage(): AsyncLocalStorage<ResponseHints> {
  holder[KEY] ??= new AsyncLocalStorage<ResponseHints>();
  return holder[KEY];
}

/** Runs one request's handling with its own hint store. */
export function withResponseHints<T>(fn: (hints: ResponseHints) => T): T {
  const hints: ResponseHints = {};
  return storage().run(hints, () => fn(hints));
}

/** Asks for "503 Service Unavailable" with Retry-After; a no-op outside a request opened by the web server. */
export function answerUnavailable(retryAfterSeconds: number): void {
  const hints = storage().getStore();
  if (!hints) return;
  hints.status = 503;
  hints.retryAfterSeconds = retryAfterSeconds;
}
