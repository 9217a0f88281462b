// Changes made on the preferences page (reached through the signed manage link, without a login). Every change is
// a consent event; a submission that changes nothing records nothing.
import { consentContext, recordConsentEvent } from "@/lib/consent/record-consent-event";
import { frequencyOfChoice, type FrequencyChoice } from "@/lib/digest/frequency";
import { parseFrequency, parseTopicSlugs } from "@/lib/subscribers/signup-form";
import { resolveTopicSlugs } from "@/lib/subscribers/topics-lookup";
import { hasControlCharacters } from "@/lib/subscribers/control-characters";
import { subscriberDeps, type ActorContext, type SubscriberDeps } from "@/lib/subscribers/deps";

/** `code` names the field at fault, so a page can show its own wording without echoing text from a URL. */
export type ChangeResult =
  | { ok: true; changed: boolean }
  | { ok: false; code: "topics" | "frequency" | "pause-date"; message: string }
  | { ok: false; code: "not-found"; message: string };

const NOT_FOUND = { ok: false, code: "not-found", message: "This subscription no longer exists." } as const;

export async function updatePreferences(
  subscriberId: string,
  input: { topics: unknown; frequency: unknown },
  actor: ActorContext,
  deps: SubscriberDeps = subscriberDeps(),
): Promise<ChangeResult> {
  const slugs = parseTopicSlugs(input.topics);
  if (!slugs.ok) return { ok: false, code: "topics", message: slugs.message };
  const freq = parseFrequency(input.frequency);
  if (!freq.ok) return { ok: false, code: "frequency", message: freq.message };
  const topics = await resolveTopicSlugs(deps.db, slugs.slugs);
  if (!topics.ok) return { ok: false, code: "topics", message: topics.message };
  const now = deps.now();
  const frequency = frequencyOfChoice(freq.frequency);

  return deps.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: { email: true, emailAsTyped: true, frequency: true, topics: { select: { topicId: true, topic: { select: { slug: true } } } } },
    });
    if (!s) return NOT_FOUND;
    const before = s.topics.map((t) => t.topic.slug).sort();
    const after = topics.topics.map((t) => t.slug).sort();
    const topicsChanged = before.join(",") !== after.join(",");
    const frequencyChanged = s.frequency !== frequency;
    const base = { subscriberId, ...consentContext(s, after, "manage-page", actor, now) };
    if (topicsChanged) {
      await tx.subscriberTopic.deleteMany({ where: { subscriberId } });
      await tx.subscriberTopic.createMany({ data: topics.topics.map((t) => ({ subscriberId, topicId: t.id })) });
      await recordConsentEvent(tx, { ...base, kind: "TOPICS_CHANGED", detail: `topics ${before.join(", ") || "none"} -> ${after.join(", ")}` });
    }
    if (frequencyChanged) {
      await tx.subscriber.update({ where: { id: subscriberId }, data: { frequency } });
      await recordConsentEvent(tx, { ...base, kind: "FREQUENCY_CHANGED", detail: `frequency ${freq.frequency satisfies FrequencyChoice}` });
    }
    return { ok: true, changed: topicsChanged || frequencyChanged };
  });
}

export const MAX_PAUSE_DAYS = 366;

/** Parses the date field of the pause form (yyyy-mm-dd): a day after today and within a year. */
export function parsePauseDate(raw: unknown, now: Date): { ok: true; until: Date } | { ok: false; message: string } {
  if (typeof raw !== "string" || raw === "") return { ok: false, message: "Please choose the date your digests should start again." };
  if (hasControlCharacters(raw) || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return { ok: false, message: "Please give the date as YYYY-MM-DD." };
  const until = new Date(`${raw}T00:00:00.000Z`);
  if (Number.isNaN(until.getTime()) || until.toISOString().slice(0, 10) !== raw) return { ok: false, message: "That date does not exist." };
  if (until.getTime() <= now.getTime()) return { ok: false, message: "Please choose a date in the future." };
  if (until.getTime() - now.getTime() > MAX_PAUSE_DAYS * 86400_000) return { ok: false, message: "You can pause for at most a year." };
  return { ok: true, until };
}

/** Pauses digests until a day (mails resume on it), or resumes now when `until` is null. */
export async function setPause(
  subscriberId: string,
  rawUntil: unknown | null,
  actor: ActorContext,
  deps: SubscriberDeps = subscriberDeps(),
): Promise<ChangeResult> {
  const now = deps.now();
  let until: Date | null = null;
  if (rawUntil !== null) {
    const parsed = parsePauseDate(rawUntil, now);
    if (!parsed.ok) return { ok: false, code: "pause-date", message: parsed.message };
    until = parsed.until;
  }
  return deps.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: { email: true, emailAsTyped: true, pausedUntil: true, topics: { select: { topic: { select: { slug: true } } } } },
    });
    if (!s) return NOT_FOUND;
    if ((s.pausedUntil?.getTime() ?? null) === (until?.getTime() ?? null)) return { ok: true, changed: false };
    await tx.subscriber.update({ where: { id: subscriberId }, data: { pausedUntil: until } });
    await recordConsentEvent(tx, {
      subscriberId,
      kind: "PAUSED",
      ...consentContext(s, s.topics.map((t) => t.topic.slug), "manage-page", actor, now),
      detail: until ? `paused until ${until.toISOString().slice(0, 10)}` : "resumed",
    });
    return { ok: true, changed: true };
  });
}
