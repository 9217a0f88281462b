// How often a digest goes out: the database's Frequency enum, named once for lib/, the templates and the pages, and
// the lower-case word the forms and pages use for it. Every list or union of frequencies derives from this one.
import { Frequency } from "@/lib/generated/prisma/enums";

export { Frequency };

/** Every frequency, for schemas (`z.enum(FREQUENCIES)`). */
export const FREQUENCIES = Object.values(Frequency) as [Frequency, ...Frequency[]];

/** The word forms and pages use for a frequency. */
export type FrequencyChoice = Lowercase<Frequency>;

export const FREQUENCY_CHOICES = FREQUENCIES.map(choiceOfFrequency) as [FrequencyChoice, ...FrequencyChoice[]];

export function frequencyOfChoice(choice: FrequencyChoice): Frequency {
  return choice.toUpperCase() as Frequency;
}

export function choiceOfFrequency(frequency: Frequency): FrequencyChoice {
  return frequency.toLowerCase() as FrequencyChoice;
}
