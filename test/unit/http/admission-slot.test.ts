// The slot a request holds is reachable from the work it runs, across awaits, and from nowhere else.
import { expect, it } from "vitest";
import { setImmediate as tick } from "node:timers/promises";
import { releaseAdmissionSlot, runHoldingSlot } from "@/lib/http/admission-slot";

it("releases the slot of the request whose work calls it, and no other", async () => {
  const released: string[] = [];
  releaseAdmissionSlot(); // outside any request: nothing to release, no error
  const work = (name: string) =>
    runHoldingSlot(
      () => released.push(name),
      async () => {
        await tick();
        await Promise.resolve();
        releaseAdmissionSlot();
      },
    );
  await Promise.all([work("a"), work("b")]);
  expect(released.sort()).toEqual(["a", "b"]);
  releaseAdmissionSlot();
  expect(released).toHaveLength(2);
});
