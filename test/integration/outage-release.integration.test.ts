// What a sender puts right once PostgreSQL answers again after an outage, on the real database: a message whose
// transmission mark failed (no byte left) goes back to PENDING even if a takeover meanwhile called it UNKNOWN, and
// the claims whose reply the broken connection lost go back to PENDING at once. Both only under the attempt fence.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { addresses, createSubscribers, seedDigestTopics } from "../helpers/digest-fixtures";
import { createSql, type Sql } from "@/lib/digest/pg-pool";
import { releaseOrphanedClaims, releaseUnsent, takeOverClaims } from "@/lib/digest/delivery-store";

let sql: Sql;

async function deliveries(rows: { status: "PENDING" | "SENDING"; claimedBy?: number; transmitted?: boolean; attempts?: number }[]) {
  const db = testDb();
  const topicIds = await seedDigestTopics(db);
  const subs = await createSubscribers(process.env.DATABASE_URL!, topicIds, addresses(rows.length).map((email) => ({ email, topics: ["reasoning"] })));
  const edition = await db.edition.create({ data: { date: new Date("2025-03-14T00:00:00Z"), frequency: "DAILY", status: "SENDING" } });
  const base = { editionId: edition.id, paperIds: ["2503.10000"], reasons: ["x"], contentKey: "k".repeat(22) };
  const old = new Date(Date.now() - 3_600_000);
  return Promise.all(
    rows.map((r, i) =>
      db.delivery.create({
        data: {
          ...base,
          subscriberId: subs[i]!,
          status: r.status,
          attempts: r.attempts ?? 1,
          claimedBy: r.claimedBy ?? null,
          claimedAt: r.status === "SENDING" ? old : null,
          transmittedAt: r.transmitted ? old : null,
        },
      }),
    ),
  );
}

async function row(id: string) {
  return testDb().delivery.findUniqueOrThrow({ where: { id }, select: { status: true, transmittedAt: true } });
}

beforeEach(async () => {
  await resetDb(testDb());
  sql ??= createSql(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await sql?.end();
  await closeTestDb();
});

describe("releases after a database outage", () => {
  it("a failed transmission mark whose commit went through is released, even after a takeover called it UNKNOWN", async () => {
    // The mark committed (transmittedAt set) but its reply was lost: the sender knows it sent no byte.
    const [marked, newer] = await deliveries([{ status: "SENDING", transmitted: true }, { status: "SENDING", transmitted: true, attempts: 2 }]);
    const taken = await takeOverClaims(sql, { staleBefore: new Date() });
    expect(taken.unknown).toBe(2);
    expect(await releaseUnsent(sql, { id: marked!.id, attempts: 1 }, "released: database unreachable before transmission")).toBe(true);
    expect(await row(marked!.id)).toEqual({ status: "PENDING", transmittedAt: null });
    // Another attempt's row is not this sender's to release.
    expect(await releaseUnsent(sql, { id: newer!.id, attempts: 1 }, "released")).toBe(false);
    expect((await row(newer!.id)).status).toBe("UNKNOWN");
  });

  it("this process's own claims that it is not working on go back to PENDING; nobody else's, nothing transmitted", async () => {
    const me = 4242;
    const [orphan, busy, transmitted, someoneElse, pending] = await deliveries([
      { status: "SENDING", claimedBy: me },
      { status: "SENDING", claimedBy: me },
      { status: "SENDING", claimedBy: me, transmitted: true },
      { status: "SENDING", claimedBy: 7 },
      { status: "PENDING" },
    ]);
    expect(await releaseOrphanedClaims(sql, me, [busy!.id])).toBe(1);
    expect((await row(orphan!.id)).status).toBe("PENDING");
    expect((await row(busy!.id)).status).toBe("SENDING");
    expect((await row(transmitted!.id)).status).toBe("SENDING");
    expect((await row(someoneElse!.id)).status).toBe("SENDING");
    expect((await row(pending!.id)).status).toBe("PENDING");
  });
});
