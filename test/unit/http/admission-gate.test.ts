// The sign-up bound on its own: how many run, how many wait, who is turned away, and that a slot passes in order.
import { expect, it } from "vitest";
import { AdmissionGate } from "@/lib/http/admission-gate";

it("runs up to the concurrency, queues up to the pending limit, turns the rest away, and hands slots on in order", async () => {
  const gate = new AdmissionGate({ concurrency: 2, maxPending: 2 });
  const a = await gate.enter()!;
  const b = await gate.enter()!;
  const order: string[] = [];
  const c = gate.enter()!.then((release) => (order.push("c"), release));
  const d = gate.enter()!.then((release) => (order.push("d"), release));
  expect(gate.enter()).toBeUndefined();
  expect([gate.inFlight, gate.pending]).toEqual([2, 2]);

  a();
  a(); // a second release of the same slot changes nothing
  const releaseC = await c;
  expect(order).toEqual(["c"]);
  expect([gate.inFlight, gate.pending]).toEqual([2, 1]);
  const e = gate.enter(); // one waiting place is free again
  expect(e).toBeDefined();
  b();
  releaseC();
  (await d)();
  (await e!)();
  expect(order).toEqual(["c", "d"]);
  expect([gate.inFlight, gate.pending]).toEqual([0, 0]);
});
