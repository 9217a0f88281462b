// The SMTP sink's hold is what the kill -9 fault test relies on: once replies are held indefinitely, a message
// whose reply was only delayed must stay held too, or its connection moves on to a message the kill then cuts in half.
import nodemailer from "nodemailer";
import { afterEach, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "@/scripts/smtp-sink";
import { waitUntil } from "../helpers/wait-until";

let sink: SmtpSink | undefined;
afterEach(async () => {
  sink?.setHoldMs(0);
  await sink?.close();
});

for (const countOnly of [true, false]) {
  it(`a reply delayed before the hold turns indefinite stays held until the hold is lifted (${countOnly ? "counting only" : "parsing"})`, async () => {
    sink = await startSmtpSink({ countOnly });
    const delayMs = 100;
    sink.setHoldMs(delayMs);
    const transport = nodemailer.createTransport({ url: sink.url } as never);
    let replied = false;
    const sent = transport.sendMail({ from: "a@example.org", to: "held@example.org", subject: "s", text: "t" }).then((info) => {
      replied = true;
      return info;
    });
    await waitUntil(() => sink!.holding === 1, 10_000, "the message to be received and its reply delayed");
    sink.setHoldMs(Infinity);
    // Well past the original delay: with the hold indefinite, no reply may have gone out. (On a slow machine the
    // old delay may fire late, which can only make this pass wrongly, never fail wrongly.)
    const start = Date.now();
    await waitUntil(() => Date.now() - start >= delayMs * 5, 10_000, "five times the original delay");
    expect(replied).toBe(false);
    expect(sink.holding).toBe(1);
    sink.setHoldMs(0);
    await sent;
    expect(sink.holding).toBe(0);
    expect(sink.accepted.get("held@example.org")).toBe(1);
    transport.close();
  });
}

it("once a reply is held indefinitely, a new message is held before it begins: no connection is left mid-message", async () => {
  const s = (sink = await startSmtpSink({ countOnly: true }));
  const seen = new Set<string>();
  s.setRcptPolicy((address) => void seen.add(address));
  s.setHoldMs(Infinity);
  const first = nodemailer.createTransport({ url: s.url } as never);
  const second = nodemailer.createTransport({ url: s.url } as never);
  const sentFirst = first.sendMail({ from: "a@example.org", to: "first@example.org", subject: "s", text: "t" });
  await waitUntil(() => s.holding === 1 && s.admitted === 0, 10_000, "the first message received in full and its reply held");
  const sentSecond = second.sendMail({ from: "a@example.org", to: "second@example.org", subject: "s", text: "t" });
  await waitUntil(() => seen.has("second@example.org"), 10_000, "the second message's recipient to be asked for");
  // Its recipient is neither accepted nor refused: the message cannot begin, so nothing of it is half-received.
  expect({ admitted: s.admitted, receiving: s.receiving, holding: s.holding }).toEqual({ admitted: 0, receiving: 0, holding: 1 });
  expect(s.accepted.get("second@example.org")).toBeUndefined();
  s.setHoldMs(0);
  await Promise.all([sentFirst, sentSecond]);
  expect([s.accepted.get("first@example.org"), s.accepted.get("second@example.org"), s.admitted]).toEqual([1, 1, 0]);
  first.close();
  second.close();
});
