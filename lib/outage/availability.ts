// What this process currently believes about PostgreSQL and Redis. Logs once when a dependency becomes
// unreachable and once when it is back (with how long it was gone), never once per failed message.
import type { Logger } from "pino";
import { logger } from "@/lib/logger";
import { isConnectionError } from "@/lib/outage/connection-error";

export type Dependency = "postgres" | "redis";

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

export class Availability {
  private readonly downSince = new Map<Dependency, number>();

  constructor(private readonly log: () => Logger = () => logger().child({ component: "availability" })) {}

  reportDown(dependency: Dependency, err: unknown): void {
    if (this.downSince.has(dependency)) return;
    this.downSince.set(dependency, Date.now());
    this.log().warn({ dependency, err: err instanceof Error ? err.message : String(err) }, `${dependency} unreachable; waiting for it`);
  }

  reportUp(dependency: Dependency): void {
    const since = this.downSince.get(dependency);
    if (since === undefined) return;
    this.downSince.delete(dependency);
    this.log().info({ dependency, downForMs: Date.now() - since }, `${dependency} reachable again; resuming`);
  }

  isDown(dependency: Dependency): boolean {
    return this.downSince.has(dependency);
  }

  /** How long to wait before the next try: grows with the length of the outage, capped. */
  backoffMs(dependency: Dependency): number {
    const since = this.downSince.get(dependency);
    if (since === undefined) return MIN_DELAY_MS;
    const grown = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.floor((Date.now() - since) / 1000));
    return Math.round(grown * (0.5 + Math.random() / 2));
  }

  /**
   * Runs `step` until it stops failing for lack of a connection (any other error is thrown at once). Used for the
   * writes that must not be lost (an outcome the SMTP server already gave): they wait out the outage in memory.
   * `giveUp` ends the wait (process shutdown); the last connection error is then thrown.
   */
  async untilReachable<T>(dependency: Dependency, step: () => Promise<T>, giveUp: () => boolean = () => false): Promise<T> {
    for (;;) {
      try {
        const result = await step();
        this.reportUp(dependency);
        return result;
      } catch (err) {
        if (!isConnectionError(err) || giveUp()) throw err;
        this.reportDown(dependency, err);
        await new Promise((r) => setTimeout(r, this.backoffMs(dependency)));
      }
    }
  }
}

const globalForAvailability = globalThis as unknown as { paperboyAvailability?: Availability };

/** The process-wide view (every worker and the web app share one per process). */
export function availability(): Availability {
  globalForAvailability.paperboyAvailability ??= new Availability();
  return globalForAvailability.paperboyAvailability;
}
