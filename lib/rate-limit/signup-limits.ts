// The signup form's limits: attempts per IP and per address per hour, and one confirmation mail per address a day.
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { ipBucket } from "@/lib/rate-limit/ip-bucket";
import { hitLimit, rateLimitKey, takeOncePerWindow } from "@/lib/rate-limit/fixed-window";

export const CONFIRMATION_MAIL_WINDOW_SECONDS = 24 * 3600;

/** Counted per client bucket: an IPv4 address, or an IPv6 /64 (see ip-bucket.ts). */
export async function signupAllowedForIp(r: Redis, ip: string, now = Date.now()): Promise<boolean> {
  return (await hitLimit(r, "signup-ip", ipBucket(ip), { limit: env().RATE_LIMIT_PER_IP_PER_HOUR, windowSeconds: 3600, now })).allowed;
}

export async function signupAllowedForAddress(r: Redis, emailKey: string, now = Date.now()): Promise<boolean> {
  return (await hitLimit(r, "signup-address", emailKey, { limit: env().RATE_LIMIT_PER_ADDRESS_PER_HOUR, windowSeconds: 3600, now })).allowed;
}

export async function takeConfirmationMailSlot(r: Redis, emailKey: string): Promise<boolean> {
  return takeOncePerWindow(r, "confirm-mail", emailKey, CONFIRMATION_MAIL_WINDOW_SECONDS);
}

/** Frees the slot (after an erasure: the next sign-up is the person asking again and must get its mail). */
export async function releaseConfirmationMailSlot(r: Redis, emailKey: string): Promise<void> {
  await r.del(rateLimitKey("confirm-mail", emailKey));
}
