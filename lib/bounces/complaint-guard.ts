// The complaint-rate guard: mailbox providers throttle and then refuse a sender whose complaints pass a small share
// of its mail, so an edition whose complaints over its accepted mails pass COMPLAINT_RATE_LIMIT pauses itself (the
// operator resumes it with `npm run digest -- --date D --resume` after looking at why).
import type { Db } from "@/lib/db";
import type { Sql } from "@/lib/digest/pg-pool";
import { countAccepted } from "@/lib/digest/delivery-store";
import { pauseForComplaints } from "@/lib/digest/edition-store";
import { countComplaints } from "@/lib/bounces/bounce-store";
import { logger } from "@/lib/logger";

export interface ComplaintGuardSettings {
  complaintRateLimit: number;
  /** Accepted mails an edition must have before its rate is judged. */
  complaintMinSent: number;
}

export type ComplaintCheck = { paused: boolean; complaints: number; accepted: number; rate: number };

export async function checkComplaintRate(db: Db, sql: Sql, editionId: string, s: ComplaintGuardSettings): Promise<ComplaintCheck> {
  const [complaints, accepted] = await Promise.all([countComplaints(db, editionId), countAccepted(sql, editionId)]);
  const rate = accepted > 0 ? complaints / accepted : 0;
  let paused = false;
  if (accepted >= s.complaintMinSent && rate > s.complaintRateLimit) {
    paused = await pauseForComplaints(sql, editionId);
    if (paused) {
      logger()
        .child({ component: "bounces" })
        .error({ editionId, complaints, accepted, rate, limit: s.complaintRateLimit }, "edition paused: its complaint rate passed the limit; see npm run digest:status");
    }
  }
  return { paused, complaints, accepted, rate };
}
