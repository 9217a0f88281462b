// The one way to start work nobody awaits: its failure is logged instead of becoming an unhandled rejection
// (which would end the process). Connection errors are reported to the availability view, which logs them once.
import { logger } from "@/lib/logger";
import { availability, type Dependency } from "@/lib/outage/availability";
import { isConnectionError } from "@/lib/outage/connection-error";

export function inBackground(work: Promise<unknown>, what: string, dependency: Dependency = "postgres"): void {
  const startedAt = availability().now();
  work.catch((err: unknown) => {
    if (isConnectionError(err)) availability().reportDown(dependency, err, startedAt);
    else logger().child({ component: "background" }).error({ err: err instanceof Error ? err.message : String(err), what }, `${what} failed`);
  });
}
