// The real services the other integration tests rely on: migrated PostgreSQL, Redis, and the loopback SMTP sink.
import { afterAll, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { Redis } from "ioredis";
import { closeTestDb, resetDb, testDb } from "../helpers/db";
import { startSmtpSink } from "../helpers/smtp-sink";
import { seedTopics } from "@/lib/topics/seed-topics";

afterAll(closeTestDb);

describe("foundation", () => {
  it("has a migrated database and seeds 12-20 topics idempotently", async () => {
    const db = testDb();
    await resetDb(db);
    await seedTopics(db);
    await seedTopics(db);
    const count = await db.topic.count();
    expect(count).toBeGreaterThanOrEqual(12);
    expect(count).toBeLessThanOrEqual(20);
  });

  it("keeps an operator's keyword edits when the seed runs again", async () => {
    const db = testDb();
    await resetDb(db);
    await seedTopics(db);
    await db.topic.update({ where: { slug: "reasoning" }, data: { keywords: ["my keyword"] } });
    await seedTopics(db);
    expect((await db.topic.findUniqueOrThrow({ where: { slug: "reasoning" } })).keywords).toEqual(["my keyword"]);
  });

  it("talks to Redis", async () => {
    const r = new Redis(process.env.REDIS_URL!);
    const key = `${process.env.REDIS_PREFIX}:ping`;
    await r.set(key, "pong", "EX", 10);
    expect(await r.get(key)).toBe("pong");
    r.disconnect();
  });

  it("receives and parses mail on the loopback SMTP sink, and rejects on demand", async () => {
    const sink = await startSmtpSink();
    const t = nodemailer.createTransport({ url: sink.url } as never);
    await t.sendMail({ from: "a@paperboy.test", to: "b@example.org", subject: "Hi", text: "hello" });
    await sink.waitFor((m) => m.length === 1);
    expect(sink.mails[0]!.parsed.subject).toBe("Hi");
    sink.setRcptPolicy((addr) => (addr === "bad@example.org" ? Object.assign(new Error("no such user"), { responseCode: 550 }) : undefined));
    await expect(t.sendMail({ from: "a@paperboy.test", to: "bad@example.org", text: "x" })).rejects.toMatchObject({ responseCode: 550 });
    t.close();
    await sink.close();
  });
});
