// Pausing and resuming an edition from the console: the edition store's transitions, each recorded in the audit log
// whether or not it changed anything (an operator pressing pause on a finished edition is worth knowing too).
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { findEditionById, pauseEdition, resumeEdition } from "@/lib/digest/edition-store";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";

export type EditionAction = "pause" | "resume";

export async function actOnEdition(
  deps: { db: Db; sql: Sql },
  action: EditionAction,
  editionId: string,
  operator: Pick<Operator, "email">,
  client: { ip: string; userAgent: string },
): Promise<{ found: boolean; changed: boolean }> {
  const edition = /^[0-9a-f-]{36}$/.test(editionId) ? await findEditionById(deps.db, editionId) : null;
  if (!edition) return { found: false, changed: false };
  const changed = action === "pause" ? await pauseEdition(deps.sql, editionId) : await resumeEdition(deps.sql, editionId);
  await appendAudit(deps.db, {
    actor: operator.email,
    action: action === "pause" ? "paused edition" : "resumed edition",
    target: `${edition.frequency.toLowerCase()} edition ${edition.date} (${editionId})`,
    detail: changed ? `was ${edition.status}` : `no change: it was ${edition.status}`,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return { found: true, changed };
}
