// Who holds a delivery claim, and whether that process is still alive. Each sending process (a worker, or
// `npm run digest`) takes a PostgreSQL session-level advisory lock on a random owner id, over a connection of its
// own, and writes that id into every claim it makes (Delivery.claimedBy). PostgreSQL drops the lock the moment the
// session ends: a process killed with SIGKILL loses it at once, without a heartbeat, a TTL or a clock to tune, and
// the database that holds the claims is the one that knows. The claim's attempt number still fences any late write
// of a process that was wrongly presumed dead (e.g. its lock connection alone broke).
import pg from "pg";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { inBackground } from "@/lib/outage/in-background";

/** The first key of every owner lock (the second is the owner id): "PB". */
export const OWNER_LOCK_CLASS = 0x5042;

/** The owner ids whose lock some live session of this database holds. */
export const LIVE_OWNERS_SQL = `SELECT l.objid::int8 FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.classid = ${OWNER_LOCK_CLASS} AND l.objsubid = 2 AND l.granted
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** SQL condition on a delivery row `d`: it is claimed by an owner whose process is gone. */
export const OWNER_GONE = `(d."claimedBy" IS NOT NULL AND d."claimedBy" NOT IN (${LIVE_OWNERS_SQL}))`;

type Owner = { id: number; client: pg.Client | null; closed: boolean };
const globalForOwner = globalThis as unknown as { paperboyClaimOwner?: Owner | null };

/** This process's owner id, or null when it registered none (its claims then expire by age only). */
export function claimOwnerId(): number | null {
  return globalForOwner.paperboyClaimOwner?.id ?? null;
}

async function lockSession(connectionString: string, id: number): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString, application_name: "paperboy-claim-owner", connectionTimeoutMillis: 5_000 });
  client.on("error", () => undefined); // a broken session is noticed by "end"
  await client.connect();
  const res = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [OWNER_LOCK_CLASS, id]);
  if (res.rows[0]?.ok) return client;
  await client.end().catch(() => undefined);
  return null; // another live process holds this id
}

// A session that breaks while the process lives (a database restart, a cut network) is taken again under the same
// id as soon as the database answers, so the process's claims are not taken over as those of a dead process.
function watch(owner: Owner, connectionString: string, client: pg.Client): void {
  client.once("end", () => {
    if (owner.closed || owner.client !== client) return;
    owner.client = null;
    logger().warn({ owner: owner.id }, "lost the claim-owner session; taking it again when the database answers");
    inBackground(relock(owner, connectionString, 250), "claim-owner relock");
  });
}

async function relock(owner: Owner, connectionString: string, delayMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, delayMs));
  if (owner.closed) return;
  try {
    const client = await lockSession(connectionString, owner.id);
    if (!client) {
      // Someone else drew this id in the meantime: new claims name no owner and expire by age.
      logger().warn({ owner: owner.id }, "claim-owner id taken by another process; new claims fall back to expiry by age");
      if (globalForOwner.paperboyClaimOwner === owner) globalForOwner.paperboyClaimOwner = null;
      return;
    }
    if (owner.closed) return void (await client.end().catch(() => undefined));
    owner.client = client;
    watch(owner, connectionString, client);
    logger().info({ owner: owner.id }, "claim-owner session taken again");
  } catch {
    inBackground(relock(owner, connectionString, Math.min(delayMs * 2, 2_000)), "claim-owner relock");
  }
}

/** Registers this process as a claim owner (idempotent). Returns its id. */
export async function registerClaimOwner(connectionString: string = env().DATABASE_URL): Promise<number> {
  const current = globalForOwner.paperboyClaimOwner;
  if (current) return current.id;
  for (;;) {
    const id = 1 + Math.floor(Math.random() * 0x7ffffffe);
    const client = await lockSession(connectionString, id);
    if (!client) continue; // another live process drew the same id
    const owner: Owner = { id, client, closed: false };
    watch(owner, connectionString, client);
    globalForOwner.paperboyClaimOwner = owner;
    return id;
  }
}

/** Ends the owner session (its lock goes with it). */
export async function releaseClaimOwner(): Promise<void> {
  const current = globalForOwner.paperboyClaimOwner;
  globalForOwner.paperboyClaimOwner = null;
  if (!current) return;
  current.closed = true;
  await current.client?.end().catch(() => undefined);
}

/** How many sending processes are alive on this database. */
export async function liveOwnerCount(sql: pg.Pool): Promise<number> {
  const res = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM (${LIVE_OWNERS_SQL}) o`);
  return Number(res.rows[0]?.n ?? 0);
}
