// The topics offered on the signup and preferences forms.
import { db } from "@/lib/db";
import { activeTopics, type TopicChoice } from "@/lib/subscribers/topics-lookup";

export function listTopicChoices(): Promise<TopicChoice[]> {
  return activeTopics(db());
}
