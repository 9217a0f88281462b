// What a digest sender does about a PostgreSQL outage, kept out of the send path itself:
//  - outcome writes are held in memory until the database answers (the attempt number fences a late write);
//  - a message whose transmission mark failed was not sent: its row is released (PENDING, transmittedAt cleared)
//    once the database is back, even if a takeover meanwhile called it UNKNOWN;
//  - when the database is back, claims of this process that it is not working on (the claim committed but its
//    reply was lost with the connection) are released at once instead of waiting to go stale.
import type { Sql } from "@/lib/digest/pg-pool";
import { claimOwnerId } from "@/lib/digest/claim-owner";
import { releaseOrphanedClaims, releaseUnsent } from "@/lib/digest/delivery-store";
import { availability, type Availability } from "@/lib/outage/availability";
import { DependencyDownError, isConnectionError } from "@/lib/outage/connection-error";
import { inBackground } from "@/lib/outage/in-background";

/** Delivery ids this process is claiming or sending (how many batches name each), across all its senders. */
const globalForGuard = globalThis as unknown as { paperboyBusyClaims?: Map<string, number>; paperboyOrphanWatch?: Set<Availability> };
function busyClaims(): Map<string, number> {
  globalForGuard.paperboyBusyClaims ??= new Map();
  return globalForGuard.paperboyBusyClaims;
}

export class SendGuard {
  private closing = false;
  private readonly busy = busyClaims();

  constructor(
    private readonly sql: Sql,
    readonly outage: Availability = availability(),
  ) {
    // Once per process and view: the release covers every sender of the process (they share one owner id).
    const watched = (globalForGuard.paperboyOrphanWatch ??= new Set());
    if (!watched.has(outage)) {
      watched.add(outage);
      outage.onUp("postgres", () => inBackground(releaseOrphans(sql), "release of orphaned claims"));
    }
  }

  /** After this, held writes are given up (their rows end as after a crash) so that the process can exit. */
  close(): void {
    this.closing = true;
  }

  /** A write that must not be lost: waits out a database outage. */
  hold<T>(step: () => Promise<T>): Promise<T> {
    return this.outage.untilReachable("postgres", step, () => this.closing);
  }

  /** A step that cannot run without the database: its failure for lack of a connection puts the job off. */
  async orLater<T>(step: () => Promise<T>): Promise<T> {
    const startedAt = this.outage.now();
    try {
      const result = await step();
      this.outage.reportUp("postgres", startedAt);
      return result;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      this.outage.reportDown("postgres", err, startedAt);
      throw new DependencyDownError("postgres", err);
    }
  }

  /** No byte of this attempt went out because the database could not be reached: released when it is back. */
  async releaseUnsent(item: { id: string; attempts: number }, err: unknown, startedAt: number): Promise<void> {
    this.outage.reportDown("postgres", err, startedAt);
    await this.hold(() => releaseUnsent(this.sql, item, "released: database unreachable before transmission"));
  }

  /** Runs `work` with `ids` counted as this process's own (not orphaned) while it runs. */
  async working<T>(ids: string[], work: () => Promise<T>): Promise<T> {
    for (const id of ids) this.busy.set(id, (this.busy.get(id) ?? 0) + 1);
    try {
      return await work();
    } finally {
      for (const id of ids) {
        const n = (this.busy.get(id) ?? 1) - 1;
        if (n > 0) this.busy.set(id, n);
        else this.busy.delete(id);
      }
    }
  }

}

async function releaseOrphans(sql: Sql): Promise<void> {
  const owner = claimOwnerId();
  if (owner === null) return;
  await releaseOrphanedClaims(sql, owner, [...busyClaims().keys()]);
}
