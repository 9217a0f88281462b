// How the console shows a moment: UTC, to the minute.
export function when(d: Date | string | null): string {
  if (!d) return "";
  return (typeof d === "string" ? d : d.toISOString()).replace("T", " ").slice(0, 16);
}
