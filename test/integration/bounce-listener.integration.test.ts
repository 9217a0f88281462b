// The inbound SMTP listener's limits, in this process over real SMTP and real Redis: only bounce addresses, a size
// limit, a rate per client address, and a 451 (try again) when the message could not be stored.
import { Redis } from "ioredis";
import nodemailer from "nodemailer";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { hitLimit } from "@/lib/rate-limit/fixed-window";
import { isBounceAddress, startBounceListener, type BounceListener } from "@/lib/bounces/bounce-listener";
import { resetEnvCache } from "@/lib/env";

const verp = { localPart: "bounces", domain: "bounces.paperboy.test" };
const token = `d${"a".repeat(42)}`;
const r = new Redis(process.env.REDIS_URL!);
let listener: BounceListener;
let received: { raw: Buffer; to: string[] }[];
let failStore: boolean;

async function deliver(to: string, raw: Buffer | string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from: "", to: [to] }, raw });
  } finally {
    transport.close();
  }
}

const message = (body = "x") => `From: MAILER-DAEMON@relay.example.net\r\nSubject: bounce\r\n\r\n${body}\r\n`;

beforeEach(async () => {
  resetEnvCache();
  await flushPrefix();
  received = [];
  failStore = false;
  listener = await startBounceListener({
    port: 0,
    host: "127.0.0.1",
    verp,
    maxMessageBytes: 20_000,
    admit: async (ip) => (await hitLimit(r, "bounce-smtp", ip, { limit: 3, windowSeconds: 3600 })).allowed,
    onMessage: async (raw, to) => {
      if (failStore) throw new Error("database unreachable");
      received.push({ raw, to });
    },
  });
  return () => listener.close();
});

afterAll(async () => {
  await flushPrefix();
  r.disconnect();
});

describe("bounce listener", () => {
  it("accepts mail only to the bounce addresses", async () => {
    expect(isBounceAddress(`bounces+${token}@bounces.paperboy.test`, verp)).toBe(true);
    expect(isBounceAddress(`BOUNCES+${token.toUpperCase()}@Bounces.Paperboy.Test`, verp)).toBe(true);
    expect(isBounceAddress("bounces@bounces.paperboy.test", verp)).toBe(true);
    expect(isBounceAddress("postmaster@bounces.paperboy.test", verp)).toBe(false);
    expect(isBounceAddress(`bounces+${token}@elsewhere.example`, verp)).toBe(false);

    await deliver(`bounces+${token}@bounces.paperboy.test`, message("one"));
    await expect(deliver("postmaster@bounces.paperboy.test", message("two"))).rejects.toThrow(/550/);
    await expect(deliver(`bounces+${token}@elsewhere.example`, message("three"))).rejects.toThrow(/550/);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([`bounces+${token}@bounces.paperboy.test`]);
    expect(received[0]!.raw.toString()).toContain("one");
  });

  it("refuses a message over the size limit", async () => {
    await expect(deliver("bounces@bounces.paperboy.test", message("y".repeat(30_000)))).rejects.toThrow(/552/);
    expect(received).toHaveLength(0);
  });

  it("refuses a client over its rate with 421, and answers 451 when the message could not be stored", async () => {
    failStore = true;
    await expect(deliver("bounces@bounces.paperboy.test", message("a"))).rejects.toThrow(/451/);
    failStore = false;
    await deliver("bounces@bounces.paperboy.test", message("b"));
    await deliver("bounces@bounces.paperboy.test", message("c"));
    await expect(deliver("bounces@bounces.paperboy.test", message("d"))).rejects.toThrow(/421/);
    expect(received.map((m) => m.raw.toString().trim().split("\r\n").pop())).toEqual(["b", "c"]);
  });
});
