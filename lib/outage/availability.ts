// What this process currently believes about PostgreSQL and Redis: one state per dependency per process. Logs once
// when a dependency becomes unreachable and once when it is back (with how long it was gone), never once per failed
// message. A report carries the moment its request started: a request begun before the last change of state says
// nothing about now (a query sent before the cut that fails after the database came back, a reply that was on its
// way when the connection broke), so such stale reports are ignored instead of flipping the state back and forth.
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { logger } from "@/lib/logger";
import { isConnectionError } from "@/lib/outage/connection-error";

export type Dependency = "postgres" | "redis";

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;
/** A probe that gets no answer within this counts as a failure. */
const PROBE_TIMEOUT_MS = 2_000;

interface State {
  down: boolean;
  /** performance.now() of the last change of state. */
  changedAt: number;
  /** Date.now() when it went down (for the log and the backoff). */
  downSince: number;
  probe?: () => Promise<unknown>;
  probing?: Promise<void>;
  onUp: (() => void)[];
}

export class Availability {
  private readonly states = new Map<Dependency, State>();

  constructor(private readonly log: () => Logger = () => logger().child({ component: "availability" })) {}

  /** The moment to pass as `startedAt`: take it before sending the request whose outcome is reported. */
  now(): number {
    return performance.now();
  }

  private state(dependency: Dependency): State {
    let s = this.states.get(dependency);
    if (!s) this.states.set(dependency, (s = { down: false, changedAt: -Infinity, downSince: 0, onUp: [] }));
    return s;
  }

  reportDown(dependency: Dependency, err: unknown, startedAt: number = this.now()): void {
    const s = this.state(dependency);
    if (s.down || startedAt < s.changedAt) return;
    s.down = true;
    s.changedAt = this.now();
    s.downSince = Date.now();
    this.log().warn({ dependency, err: err instanceof Error ? err.message : String(err) }, `${dependency} unreachable; waiting for it`);
  }

  reportUp(dependency: Dependency, startedAt: number = this.now()): void {
    const s = this.state(dependency);
    if (!s.down || startedAt < s.changedAt) return;
    s.down = false;
    s.changedAt = this.now();
    this.log().info({ dependency, downForMs: Date.now() - s.downSince }, `${dependency} reachable again; resuming`);
    for (const listener of s.onUp) listener();
  }

  /** Runs `listener` each time the dependency is back after an outage. */
  onUp(dependency: Dependency, listener: () => void): void {
    this.state(dependency).onUp.push(listener);
  }

  /**
   * How a connection's error event is checked (those carry no start time: the command that failed may have been
   * sent long before). Without a probe, such errors are reported as they come.
   */
  setProbe(dependency: Dependency, probe: () => Promise<unknown>): void {
    this.state(dependency).probe = probe;
  }

  /**
   * An error event of some connection: the dependency may be down. While it is thought up, the probe decides (one
   * at a time); its own request is fresh, so a late error from before a reconnect does not log a second outage.
   */
  suspect(dependency: Dependency, err: unknown): void {
    const s = this.state(dependency);
    if (s.down) return;
    if (!s.probe) return this.reportDown(dependency, err);
    if (s.probing) return;
    const startedAt = this.now();
    const probe = s.probe;
    s.probing = withTimeout(Promise.resolve().then(probe))
      .then(
        () => this.reportUp(dependency, startedAt),
        (probeErr: unknown) => this.reportDown(dependency, isConnectionError(probeErr) ? probeErr : err, startedAt),
      )
      .finally(() => {
        s.probing = undefined;
      });
  }

  isDown(dependency: Dependency): boolean {
    return this.state(dependency).down;
  }

  /** How long to wait before the next try: grows with the length of the outage, capped. */
  backoffMs(dependency: Dependency): number {
    const s = this.state(dependency);
    if (!s.down) return MIN_DELAY_MS;
    const grown = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.floor((Date.now() - s.downSince) / 1000));
    return Math.round(grown * (0.5 + Math.random() / 2));
  }

  /**
   * Runs `step` until it stops failing for lack of a connection (any other error is thrown at once). Used for the
   * writes that must not be lost (an outcome the SMTP server already gave): they wait out the outage in memory.
   * `giveUp` ends the wait (process shutdown); the last connection error is then thrown.
   */
  async untilReachable<T>(dependency: Dependency, step: () => Promise<T>, giveUp: () => boolean = () => false): Promise<T> {
    for (;;) {
      const startedAt = this.now();
      try {
        const result = await step();
        this.reportUp(dependency, startedAt);
        return result;
      } catch (err) {
        if (!isConnectionError(err) || giveUp()) throw err;
        this.reportDown(dependency, err, startedAt);
        await new Promise((r) => setTimeout(r, this.backoffMs(dependency)));
      }
    }
  }
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`), { code: "ETIMEDOUT" })), PROBE_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const globalForAvailability = globalThis as unknown as { paperboyAvailability?: Availability };

/** The process-wide view (every worker and the web app share one per process). */
export function availability(): Availability {
  globalForAvailability.paperboyAvailability ??= new Availability();
  return globalForAvailability.paperboyAvailability;
}
