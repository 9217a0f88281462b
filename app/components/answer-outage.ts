// Route handlers answer 503 (with Retry-After) when PostgreSQL or Redis fails them for lack of a connection: a
// one-click unsubscribe is then retried by the mail provider instead of being taken as done without a record.
import { isConnectionError } from "@/lib/outage/connection-error";
import { serviceUnavailablePage } from "@/app/components/plain-html-page";

export function answerOutage<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (isConnectionError(err)) return serviceUnavailablePage();
      throw err;
    }
  };
}
