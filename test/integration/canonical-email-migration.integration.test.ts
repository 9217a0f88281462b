// The migration to one canonical key per address, run by `prisma migrate deploy` over data written at the previous
// schema: rows that collide are merged into the oldest (its consent log gains the merged rows' events and a MERGED
// entry), an active person stays active, mail records move along, and suppressions follow the key.
import { createHash } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployMigrations, dropDatabase, recreateDatabase } from "../helpers/migrate-database";

const url = (() => {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `${u.pathname}_migration`;
  return u.toString();
})();
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
let client: pg.Client;

beforeAll(async () => {
  await recreateDatabase(url);
  deployMigrations(url, "20261201000000_consent_merge_kinds");
  client = new pg.Client({ connectionString: url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase(url);
});

describe("canonical e-mail key migration", () => {
  it("merges rows of one address spelt in different cases into the oldest, logs the merge, and re-keys hashes", async () => {
    const q = (text: string, values: unknown[] = []) => client.query(text, values);
    await q(`INSERT INTO "Topic" (slug, name, keywords, "arxivCategories", "updatedAt") VALUES ('vision', 'Vision', '{}', '{}', now()), ('reasoning', 'Reasoning', '{}', '{}', now())`);
    const topic = async (slug: string) => (await q(`SELECT id FROM "Topic" WHERE slug = $1`, [slug])).rows[0].id as number;
    const sub = async (email: string, status: string, created: string, extra: Record<string, unknown> = {}) => {
      const r = await q(
        `INSERT INTO "Subscriber" (id, email, status, frequency, "createdAt", "confirmedAt", "unsubscribedAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2::"SubscriberStatus", $3::"Frequency", $4, $5, $6, now()) RETURNING id`,
        [email, status, extra.frequency ?? "DAILY", created, extra.confirmedAt ?? null, extra.unsubscribedAt ?? null],
      );
      return r.rows[0].id as string;
    };
    const event = (id: string, kind: string, email: string, at: string) =>
      q(`INSERT INTO "ConsentEvent" ("subscriberId", kind, email, topics, "consentVersion", source, "createdAt") VALUES ($1, $2::"ConsentEventKind", $3, '{}', 'v1', 'signup-form', $4)`, [
        id,
        kind,
        email,
        at,
      ]);

    // The oldest row: confirmed once, then unsubscribed. A later row in lower case was confirmed and is active;
    // a third spelling is pending. Bob has one spelling only. Carl's exact spelling hard-bounced.
    const oldest = await sub("Ada@example.org", "UNSUBSCRIBED", "2026-11-01T10:00:00Z", { confirmedAt: "2026-11-01T10:05:00Z", unsubscribedAt: "2026-11-10T00:00:00Z" });
    await q(`INSERT INTO "SubscriberTopic" ("subscriberId", "topicId") VALUES ($1, $2)`, [oldest, await topic("vision")]);
    await event(oldest, "SIGNUP", "Ada@example.org", "2026-11-01T10:00:00Z");
    await event(oldest, "UNSUBSCRIBE", "Ada@example.org", "2026-11-10T00:00:00Z");
    const activeDup = await sub("ada@example.org", "ACTIVE", "2026-11-12T10:00:00Z", { confirmedAt: "2026-11-12T10:10:00Z", frequency: "WEEKLY" });
    await q(`INSERT INTO "SubscriberTopic" ("subscriberId", "topicId") VALUES ($1, $2)`, [activeDup, await topic("reasoning")]);
    await event(activeDup, "SIGNUP", "ada@example.org", "2026-11-12T10:00:00Z");
    await event(activeDup, "CONFIRM", "ada@example.org", "2026-11-12T10:10:00Z");
    const pendingDup = await sub("ADA@example.org", "PENDING", "2026-11-20T10:00:00Z");
    await event(pendingDup, "SIGNUP", "ADA@example.org", "2026-11-20T10:00:00Z");
    const edition = (await q(`INSERT INTO "Edition" (id, date, frequency) VALUES (gen_random_uuid(), '2026-11-13', 'WEEKLY') RETURNING id`)).rows[0].id;
    await q(`INSERT INTO "Delivery" (id, "editionId", "subscriberId", status, "paperIds") VALUES (gen_random_uuid(), $1, $2, 'SENT', '{}')`, [edition, activeDup]);
    const bob = await sub("Bob@example.org", "ACTIVE", "2026-11-02T00:00:00Z", { confirmedAt: "2026-11-02T00:00:00Z" });
    await sub("Carl@example.org", "ACTIVE", "2026-11-03T00:00:00Z", { confirmedAt: "2026-11-03T00:00:00Z" });
    await q(`INSERT INTO "Suppression" ("emailHash", reason) VALUES ($1, 'HARD_BOUNCE')`, [sha("Carl@example.org")]);

    deployMigrations(url, null);

    const rows = (await q(`SELECT id, email, "emailAsTyped", status, frequency, "confirmedAt" FROM "Subscriber" ORDER BY "createdAt"`)).rows;
    expect(rows.map((r) => [r.email, r.emailAsTyped, r.status])).toEqual([
      ["ada@example.org", "Ada@example.org", "ACTIVE"],
      ["bob@example.org", "Bob@example.org", "ACTIVE"],
      ["carl@example.org", "Carl@example.org", "ACTIVE"],
    ]);
    const ada = rows[0];
    expect(ada.id).toBe(oldest);
    expect(ada.frequency).toBe("WEEKLY");
    expect(ada.confirmedAt.toISOString()).toBe("2026-11-12T10:10:00.000Z");
    expect(rows[1].id).toBe(bob);
    const topics = (await q(`SELECT t.slug FROM "SubscriberTopic" st JOIN "Topic" t ON t.id = st."topicId" WHERE st."subscriberId" = $1`, [oldest])).rows;
    expect(topics.map((t) => t.slug)).toEqual(["reasoning"]);

    const log = (await q(`SELECT kind, email, source, detail FROM "ConsentEvent" WHERE "subscriberId" = $1 ORDER BY id`, [oldest])).rows;
    expect(log.map((e) => [e.kind, e.email])).toEqual([
      ["SIGNUP", "Ada@example.org"],
      ["UNSUBSCRIBE", "Ada@example.org"],
      ["SIGNUP", "ada@example.org"],
      ["CONFIRM", "ada@example.org"],
      ["SIGNUP", "ADA@example.org"],
      ["MERGED", "Ada@example.org"],
      ["MERGED", "Ada@example.org"],
    ]);
    expect(log[5]).toMatchObject({ source: "migration", detail: expect.stringMatching(/^merged the row of ada@example\.org \(active, .*took over its confirmed choices$/) });
    expect(log[6].detail).toMatch(/^merged the row of ADA@example\.org \(pending, /);
    expect((await q(`SELECT count(*)::int AS n FROM "Subscriber" WHERE id = ANY($1::uuid[])`, [[activeDup, pendingDup]])).rows[0].n).toBe(0);
    expect((await q(`SELECT "subscriberId" FROM "Delivery"`)).rows).toEqual([{ subscriberId: oldest }]);

    const hashes = (await q(`SELECT "emailHash", reason FROM "Suppression" ORDER BY "emailHash"`)).rows;
    expect(hashes).toContainEqual({ emailHash: sha("carl@example.org"), reason: "HARD_BOUNCE" });
    // The consent log is still append-only after the migration.
    await expect(q(`UPDATE "ConsentEvent" SET detail = 'x'`)).rejects.toThrow(/append-only/);
  });
});
