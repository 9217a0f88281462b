import { describe, expect, it } from "vitest";
import { MicroBatcher } from "@/lib/digest/micro-batcher";

/** A flush function whose calls stay open until released, recording the batches it was given. */
function controlledFlush() {
  const batches: number[][] = [];
  const open: (() => void)[] = [];
  const fn = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve) => open.push(() => resolve(items.map((i) => i * 10))));
  };
  const releaseAll = () => open.splice(0).forEach((r) => r());
  return { batches, fn, releaseAll, open };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("MicroBatcher", () => {
  it("groups the items added in one turn of the event loop and answers each caller with its own result", async () => {
    const f = controlledFlush();
    const b = new MicroBatcher(f.fn, { maxItems: 10, maxWaitMs: 0 });
    const results = [1, 2, 3].map((i) => b.add(i));
    await tick();
    expect(f.batches).toEqual([[1, 2, 3]]);
    f.releaseAll();
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
  });

  it("with maxConcurrent, items arriving while the limit is reached go together in the next flush", async () => {
    const f = controlledFlush();
    const b = new MicroBatcher(f.fn, { maxItems: 10, maxWaitMs: 0, maxConcurrent: 1 });
    const first = b.add(1);
    await tick();
    const later = [2, 3, 4].map((i) => b.add(i));
    await tick();
    await tick();
    // The first flush is still open: nothing else has started.
    expect(f.batches).toEqual([[1]]);
    f.releaseAll();
    await first;
    await tick();
    expect(f.batches).toEqual([[1], [2, 3, 4]]);
    f.releaseAll();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it("never puts more than maxItems in one flush, and drain waits for everything added", async () => {
    const calls: number[][] = [];
    const b = new MicroBatcher(async (items: number[]) => (calls.push(items), items), { maxItems: 3, maxWaitMs: 50, maxConcurrent: 1 });
    const all = Array.from({ length: 8 }, (_, i) => b.add(i));
    await b.drain();
    expect(calls.map((c) => c.length)).toEqual([3, 3, 2]);
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("a failed flush rejects exactly the callers it contained", async () => {
    const b = new MicroBatcher(
      async (items: number[]) => {
        if (items.includes(2)) throw new Error("statement failed");
        return items;
      },
      { maxItems: 2, maxWaitMs: 0, maxConcurrent: 1 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => b.add(i)));
    await b.drain();
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled"]);
  });
});
