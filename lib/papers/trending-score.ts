// The trending score, computed at ingest and stored on Paper.trendingScore:
//
//   score = (upvotes + 6 * velocity + 2 * log2(1 + githubStars)) / (1 + ageDays) ^ 0.5
//
// - velocity: upvotes gained per hour between the last two snapshots (>= 0; intervals under an hour count as one
//   hour, so one quick re-poll cannot fake a surge). Six hours of the current pace count like upvotes already had.
// - githubStars: code people use is a signal, but a log, so a famous repo cannot outweigh the community's votes.
// - ageDays: from arXiv publication to the end of the Daily Papers day the paper was on (or to the last snapshot
//   for arXiv-only papers). A fixed point, not "now", so re-running an ingest gives the same score (idempotence),
//   and an old paper resurfacing on today's list ranks below today's new work with the same votes.
export interface ScoreInput {
  upvotes: number;
  githubStars: number | null;
  publishedAt: Date | null;
  dailyDate: string | null;
  /** Snapshots oldest first; only the last two are used. */
  snapshots: { upvotes: number; takenAt: Date }[];
}

export function upvoteVelocity(snapshots: ScoreInput["snapshots"]): number {
  if (snapshots.length < 2) return 0;
  const a = snapshots[snapshots.length - 2]!;
  const b = snapshots[snapshots.length - 1]!;
  const hours = Math.max(1, (b.takenAt.getTime() - a.takenAt.getTime()) / 3_600_000);
  return Math.max(0, (b.upvotes - a.upvotes) / hours);
}

export function referenceTime(input: Pick<ScoreInput, "dailyDate" | "snapshots" | "publishedAt">): Date | null {
  if (input.dailyDate) return new Date(Date.parse(`${input.dailyDate}T00:00:00Z`) + 24 * 3_600_000);
  return input.snapshots.at(-1)?.takenAt ?? input.publishedAt;
}

export function trendingScore(input: ScoreInput): number {
  const points = input.upvotes + 6 * upvoteVelocity(input.snapshots) + 2 * Math.log2(1 + (input.githubStars ?? 0));
  const ref = referenceTime(input);
  const ageDays = input.publishedAt && ref ? Math.max(0, (ref.getTime() - input.publishedAt.getTime()) / 86_400_000) : 0;
  return Math.round((points / Math.sqrt(1 + ageDays)) * 1e6) / 1e6;
}
