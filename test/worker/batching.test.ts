import { describe, expect, it } from "vitest";
import { batchingPoster, unbatch } from "../../kernel/worker/batching.ts";
import { CancelFlags } from "../../kernel/worker/cancellation.ts";
import { randn } from "../../kernel/tensor/random.ts";
import { harness } from "../helpers/handler_harness.ts";

describe("messages in batches", () => {
  it("sends what one synchronous stretch posted as one message, with every transfer, in order", async () => {
    const sent: Array<[number[], ArrayBuffer[]]> = [];
    const post = batchingPoster<number>((items, transfer) => sent.push([items, transfer]));
    const a = new ArrayBuffer(8),
      b = new ArrayBuffer(8);
    post(1, [a]);
    post(2);
    post(3, [b]);
    expect(sent).toHaveLength(0);
    await Promise.resolve();
    expect(sent).toEqual([
      [
        [1, 2, 3],
        [a, b],
      ],
    ]);
    post(4);
    await Promise.resolve();
    expect(sent[1]).toEqual([[4], []]);
    expect(unbatch([5, 6])).toEqual([5, 6]);
    expect(unbatch({ type: "one" })).toEqual([{ type: "one" }]);
  });

  it("runs several queued jobs per turn where cancels reach running jobs (shared flags), one per turn otherwise", () => {
    for (const shared of [true, false]) {
      const h = harness(new CancelFlags(shared ? new Int32Array(new SharedArrayBuffer(4096)) : undefined));
      h.upload(1, randn([1, 1, 8, 8], { seed: 1 }));
      h.run(2, "relu", { x: 1 });
      h.run(3, "relu", { x: 2 });
      h.turns(1);
      expect(h.responses.length, shared ? "shared flags" : "no shared flags").toBe(shared ? 3 : 1);
      h.pump();
      expect(h.responses.map((r) => r.type)).toEqual(["done", "done", "done"]);
    }
  });
});
