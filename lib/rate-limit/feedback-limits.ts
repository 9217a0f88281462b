// Feedback links: how many votes, saves and undos one subscriber may make per hour (their links are in their mail,
// so a leaked mail or a runaway script cannot churn their profile without bound).
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { hitLimit } from "@/lib/rate-limit/fixed-window";

export const FEEDBACK_WINDOW_SECONDS = 3600;

export async function feedbackAllowed(r: Redis, subscriberId: string, now = Date.now()): Promise<boolean> {
  return (await hitLimit(r, "feedback", subscriberId, { limit: env().FEEDBACK_PER_HOUR, windowSeconds: FEEDBACK_WINDOW_SECONDS, now })).allowed;
}
