// What the preferences page shows about a subscriber: a plain DTO, never the Prisma row.
import { db } from "@/lib/db";
import type { SubscriberDeps } from "@/lib/subscribers/deps";
import { choiceOfFrequency, type FrequencyChoice } from "@/lib/digest/frequency";

export interface SubscriberView {
  id: string;
  email: string;
  status: "pending" | "active" | "unsubscribed";
  frequency: FrequencyChoice;
  pausedUntil: Date | null;
  confirmedAt: Date | null;
  topicSlugs: string[];
}

export async function getSubscriberView(subscriberId: string, deps: Pick<SubscriberDeps, "db"> = { db: db() }): Promise<SubscriberView | null> {
  const s = await deps.db.subscriber.findUnique({
    where: { id: subscriberId },
    select: {
      id: true,
      email: true, emailAsTyped: true,
      status: true,
      frequency: true,
      pausedUntil: true,
      confirmedAt: true,
      topics: { select: { topic: { select: { slug: true } } } },
    },
  });
  if (!s) return null;
  return {
    id: s.id,
    email: s.emailAsTyped ?? s.email,
    status: s.status === "ACTIVE" ? "active" : s.status === "PENDING" ? "pending" : "unsubscribed",
    frequency: choiceOfFrequency(s.frequency),
    pausedUntil: s.pausedUntil,
    confirmedAt: s.confirmedAt,
    topicSlugs: s.topics.map((t) => t.topic.slug).sort(),
  };
}
