// A reader's "More like this", "Less like this" and "Save" from a digest. The link's token names the subscriber, the
// paper and the edition; a GET only reads (viewFeedbackLink), the POST changes (recordFeedback). Every bad link is
// the same "invalid", whatever was wrong with it.
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { redis as defaultRedis } from "@/lib/redis";
import { verifyToken } from "@/lib/tokens/tokens";
import { feedbackAllowed } from "@/lib/rate-limit/feedback-limits";
import { rebuildProfile } from "@/lib/feedback/profile-store";
import {
  applyFeedback,
  FEEDBACK_ACTIONS,
  feedbackState,
  paperForFeedback,
  undoFeedback,
  type FeedbackAction,
  type PaperForFeedback,
} from "@/lib/feedback/feedback-store";

export interface FeedbackDeps {
  db: Db;
  redis: Redis;
  /** Runs after a change, before the answer (the reader's profile is brought up to date there). */
  afterChange?: (subscriberId: string) => Promise<void>;
}

export function feedbackDeps(overrides: Partial<FeedbackDeps> = {}): FeedbackDeps {
  const db = overrides.db ?? defaultDb();
  return {
    db,
    redis: overrides.redis ?? defaultRedis(),
    // The profile follows every change at once, so the next digest already reflects it.
    afterChange: overrides.afterChange ?? (async (subscriberId) => void (await rebuildProfile(db, subscriberId))),
  };
}

export interface FeedbackLink {
  subscriberId: string;
  editionId: string;
  action: FeedbackAction;
  paper: PaperForFeedback;
  state: { vote: "more" | "less" | null; saved: boolean };
}

export type FeedbackOutcome =
  | { kind: "invalid" }
  | { kind: "limited" }
  | { kind: "done"; changed: boolean; link: FeedbackLink };

const isAction = (a: unknown): a is FeedbackAction => typeof a === "string" && (FEEDBACK_ACTIONS as readonly string[]).includes(a);

/** The link's subscriber (still there), paper and action, or null for any bad link. Changes nothing. */
export async function viewFeedbackLink(token: unknown, action: unknown, deps: FeedbackDeps = feedbackDeps()): Promise<FeedbackLink | null> {
  if (!isAction(action)) return null;
  const claims = verifyToken(typeof token === "string" ? token : null, "feedback");
  if (!claims?.paperId || !claims.editionId) return null;
  const [subscriber, paper] = await Promise.all([
    deps.db.subscriber.findUnique({ where: { id: claims.subscriberId }, select: { id: true } }),
    paperForFeedback(deps.db, claims.paperId),
  ]);
  if (!subscriber || !paper) return null;
  return { subscriberId: subscriber.id, editionId: claims.editionId, action, paper, state: await feedbackState(deps.db, subscriber.id, paper.id) };
}

/** `intent` "apply" records the link's action, "undo" takes it back. Rate-limited per subscriber. */
export async function recordFeedback(token: unknown, action: unknown, intent: "apply" | "undo", deps: FeedbackDeps = feedbackDeps()): Promise<FeedbackOutcome> {
  const link = await viewFeedbackLink(token, action, deps);
  if (!link) return { kind: "invalid" };
  if (!(await feedbackAllowed(deps.redis, link.subscriberId))) return { kind: "limited" };
  const target = { subscriberId: link.subscriberId, paperId: link.paper.id, editionId: link.editionId };
  const changed = intent === "apply" ? await applyFeedback(deps.db, target, link.action) : await undoFeedback(deps.db, target, link.action);
  if (changed) await deps.afterChange?.(link.subscriberId);
  return { kind: "done", changed, link: { ...link, state: await feedbackState(deps.db, link.subscriberId, link.paper.id) } };
}
