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
