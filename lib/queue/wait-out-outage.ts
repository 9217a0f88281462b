// Wraps a job body so that a PostgreSQL or Redis outage puts the job back for later (delayed, with a backoff that
// grows with the outage) instead of failing it: an outage must not use up a job's attempts nor count as its error.
import { DelayedError, type Job } from "bullmq";
import { availability, type Availability } from "@/lib/outage/availability";
import { DependencyDownError, dependencyOf, isConnectionError } from "@/lib/outage/connection-error";

export function waitOutOutages<T>(
  body: (job: Job) => Promise<T>,
  outage: Availability = availability(),
): (job: Job, token?: string) => Promise<T> {
  return async (job, token) => {
    const startedAt = outage.now();
    try {
      return await body(job);
    } catch (err) {
      if (!token || !(err instanceof DependencyDownError || isConnectionError(err))) throw err;
      const dependency = err instanceof DependencyDownError ? err.dependency : dependencyOf(err);
      outage.reportDown(dependency, err, startedAt);
      await job.moveToDelayed(Date.now() + outage.backoffMs(dependency), token);
      throw new DelayedError();
    }
  };
}
