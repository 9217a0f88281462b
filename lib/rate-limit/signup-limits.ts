// The signup form's limits: attempts per IP and per address per hour, and one confirmation mail per address a day.
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { hitLimit, takeOncePerWindow } from "@/lib/rate-limit/fixed-window";

export const CONFIRMATION_MAIL_WINDOW_SECONDS = 24 * 3600;

export async function signupAllowedForIp(r: Redis, ip: string, now = Date.now()): Promise<boolean> {
  return (await hitLimit(r, "signup-ip", ip, { limit: env().RATE_LIMIT_PER_IP_PER_HOUR, windowSeconds: 3600, now })).allowed;
}

export async function signupAllowedForAddress(r: Redis, email: string, now = Date.now()): Promise<boolean> {
  return (await hitLimit(r, "signup-address", email, { limit: env().RATE_LIMIT_PER_ADDRESS_PER_HOUR, windowSeconds: 3600, now })).allowed;
}

export async function takeConfirmationMailSlot(r: Redis, email: string): Promise<boolean> {
  return takeOncePerWindow(r, "confirm-mail", email, CONFIRMATION_MAIL_WINDOW_SECONDS);
}
