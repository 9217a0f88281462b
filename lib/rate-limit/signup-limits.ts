// The signup form's limits: attempts per IP and per address per hour, and one confirmation mail per address a day,
// checked together with the form stamp's single use in one Redis round trip (a script, so the checks run in order
// and stop at the first that fails, as separate commands would, without a round trip each).
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { ipBucket } from "@/lib/rate-limit/ip-bucket";
import { rateLimitKey } from "@/lib/rate-limit/fixed-window";

export const CONFIRMATION_MAIL_WINDOW_SECONDS = 24 * 3600;
const HOUR_MS = 3600_000;

// KEYS: the stamp, the IP's window, the address's window, the address's mail slot.
// ARGV: the stamp's lifetime (ms), a window's lifetime (ms), the IP limit, the address limit, the slot's lifetime (s).
const GATE = `
if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return {'replayed', 0} end
local ip = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if ip > tonumber(ARGV[3]) then return {'ip-limited', 0} end
local address = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
if address > tonumber(ARGV[4]) then return {'address-limited', 0} end
if redis.call('SET', KEYS[4], '1', 'EX', ARGV[5], 'NX') then return {'ok', 1} end
return {'ok', 0}`;

export type SignupGate =
  | { kind: "replayed" }
  | { kind: "ip-limited" }
  | { kind: "address-limited" }
  /** Passed; `mailSlot` says whether this sign-up took the address's confirmation slot for the day. */
  | { kind: "ok"; mailSlot: boolean; giveBack: (what: { attempt: boolean; mailSlot: boolean }) => Promise<void> };

interface GateInput {
  /** The stamp's Redis key and how long it must live (form-stamp.ts). */
  stamp: { key: string; ttlMs: number };
  ip: string;
  emailKey: string;
  now: number;
}

const defined = new WeakSet<Redis>();

/**
 * Uses the form stamp up, counts the attempt per client bucket (an IPv4 address, or an IPv6 /64: ip-bucket.ts) and
 * per address, and takes the address's confirmation slot, stopping at the first that fails.
 */
export async function passSignupGate(r: Redis, input: GateInput, prefix = env().REDIS_PREFIX): Promise<SignupGate> {
  const e = env();
  const window = Math.floor(input.now / HOUR_MS);
  const ipKey = `${rateLimitKey("signup-ip", ipBucket(input.ip), prefix)}:${window}`;
  const addressKey = `${rateLimitKey("signup-address", input.emailKey, prefix)}:${window}`;
  const slotKey = rateLimitKey("confirm-mail", input.emailKey, prefix);
  if (!defined.has(r)) {
    r.defineCommand("paperboySignupGate", { numberOfKeys: 4, lua: GATE });
    defined.add(r);
  }
  const gate = r as Redis & { paperboySignupGate(...args: (string | number)[]): Promise<[string, number]> };
  const [kind, slot] = await gate.paperboySignupGate(
    input.stamp.key, ipKey, addressKey, slotKey,
    input.stamp.ttlMs, HOUR_MS + 60_000, e.RATE_LIMIT_PER_IP_PER_HOUR, e.RATE_LIMIT_PER_ADDRESS_PER_HOUR, CONFIRMATION_MAIL_WINDOW_SECONDS,
  );
  if (kind !== "ok") return { kind } as SignupGate;
  return {
    kind: "ok",
    mailSlot: slot === 1,
    // For an attempt the address's state turned away before the slot would have been taken (bad topics, an active
    // or suppressed address): as if it had never been taken, or never counted.
    giveBack: async ({ attempt, mailSlot }) => {
      const m = r.multi();
      if (attempt) m.decr(addressKey);
      if (mailSlot && slot === 1) m.del(slotKey);
      await m.exec();
    },
  };
}

/** Frees the slot (after an erasure: the next sign-up is the person asking again and must get its mail). */
export async function releaseConfirmationMailSlot(r: Redis, emailKey: string): Promise<void> {
  await r.del(rateLimitKey("confirm-mail", emailKey));
}

/**
 * Takes the address's confirmation slot for the day outside the sign-up form (an operator's import or resend): true
 * when it was free. The same key as the form's gate, so neither path can add a second mail the same day.
 */
export async function takeConfirmationMailSlot(r: Redis, emailKey: string): Promise<boolean> {
  return (await r.set(rateLimitKey("confirm-mail", emailKey), "1", "EX", CONFIRMATION_MAIL_WINDOW_SECONDS, "NX")) === "OK";
}
