// How often a digest goes out: the database's Frequency enum, named once for lib/, the templates and the pages, and
// the lower-case word the forms and pages use for it.
import type { Frequency } from "@/lib/generated/prisma/enums";

export type { Frequency };

/** The word forms and pages use for a frequency. */
export type FrequencyChoice = "daily" | "weekly";

export function frequencyOfChoice(choice: FrequencyChoice): Frequency {
  return choice === "daily" ? "DAILY" : "WEEKLY";
}

export function choiceOfFrequency(frequency: Frequency): FrequencyChoice {
  return frequency === "DAILY" ? "daily" : "weekly";
}
