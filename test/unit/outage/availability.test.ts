// The availability view logs one "unreachable" and one "reachable again" per outage, however the reports of the
// requests that were in flight when the connection broke arrive.
import pino from "pino";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Availability } from "@/lib/outage/availability";

function recordingView(): { view: Availability; lines: () => string[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(String((JSON.parse(chunk.toString()) as { msg: string }).msg));
      done();
    },
  });
  const log = pino({ level: "info" }, sink);
  return { view: new Availability(() => log), lines: () => out };
}

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("availability", () => {
  it("ignores reports of requests that started before the last change of state", async () => {
    const { view, lines } = recordingView();
    const beforeCut = view.now(); // a query sent before the cut...
    const duringOutage = view.now();
    view.reportDown("postgres", refused, duringOutage);
    view.reportUp("postgres", beforeCut); // ...whose reply came in just after it: says nothing about now
    expect(view.isDown("postgres")).toBe(true);
    const afterReturn = view.now();
    view.reportUp("postgres", afterReturn);
    view.reportDown("postgres", refused, duringOutage); // a failure of a request sent during the outage, seen late
    expect(view.isDown("postgres")).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(lines()).toEqual(["postgres unreachable; waiting for it", "postgres reachable again; resuming"]);
  });

  it("checks a connection's error event with a fresh probe before calling the dependency down", async () => {
    const { view, lines } = recordingView();
    let answering = true;
    let probes = 0;
    view.setProbe("redis", async () => {
      probes++;
      if (!answering) throw refused;
      return "PONG";
    });
    view.suspect("redis", new Error("Connection is closed.")); // a late error of a command sent before a reconnect
    await waitFor(() => probes === 1);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r)); // the probe's answer is handled
    expect(view.isDown("redis")).toBe(false);
    expect(lines()).toEqual([]);
    answering = false;
    view.suspect("redis", new Error("Connection is closed."));
    await waitFor(() => view.isDown("redis"));
    view.reportUp("redis");
    expect(lines()).toEqual(["redis unreachable; waiting for it", "redis reachable again; resuming"]);
  });
});

async function waitFor(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ok(); i++) await new Promise((r) => setImmediate(r));
  expect(ok()).toBe(true);
}
