import { describe, expect, it } from "vitest";
import { getOp } from "../../kernel/tensor/ops/index.ts";
import { randn } from "../../kernel/tensor/random.ts";
import { sequential } from "../../kernel/tensor/sequential.ts";
import { tensor } from "../../kernel/tensor/tensor.ts";
import { CancelFlags } from "../../kernel/worker/cancellation.ts";
import type { Response } from "../../kernel/worker/protocol.ts";
import { harness } from "../helpers/handler_harness.ts";

const x = randn([2, 3, 8, 8], { seed: 1 });
const w = randn([4, 3, 3, 3], { seed: 2 });

describe("EngineHandler", () => {
  it("runs an op on uploaded tensors and reads back what the op computes", () => {
    const h = harness();
    h.upload(1, x);
    h.upload(2, w);
    const j = h.run(3, "conv2d", { x: 1, weight: 2 }, { stride: 2 });
    const r = h.read(3);
    h.pump();
    expect(h.response(j)?.type).toBe("done");
    const expected = getOp("conv2d").forward({ x, weight: w }, { stride: 2 }).output;
    const got = h.response(r) as Extract<Response, { type: "data" }>;
    expect(got.shape).toEqual(expected.shape);
    expect(Array.from(got.data)).toEqual(Array.from(expected.data));
  });

  it("never starts a queued job that was cancelled; a job using its output fails saying so", () => {
    const h = harness();
    h.upload(1, x);
    h.upload(2, w);
    const first = h.run(3, "conv2d", { x: 1, weight: 2 });
    const second = h.run(4, "relu", { x: 3 });
    h.send({ type: "cancel", jobs: [first] });
    h.pump();
    expect(h.handler.started).not.toContain(first);
    expect(h.response(first)?.type).toBe("cancelled");
    const after = h.response(second) as Extract<Response, { type: "error" }>;
    expect(after.type).toBe("error");
    expect(after.message).toMatch(/cancelled/);
  });

  it("stops a running conv at a checkpoint between output channels", () => {
    let checks = 0;
    class CancelMidway extends CancelFlags {
      override isCancelled(job: number): boolean {
        return ++checks > 3 || super.isCancelled(job);
      }
    }
    const h = harness(new CancelMidway());
    h.upload(1, x);
    h.upload(2, randn([16, 3, 3, 3], { seed: 3 }));
    checks = -100; // the uploads and the check before starting pass
    const j = h.run(3, "conv2d", { x: 1, weight: 2 });
    checks = 0;
    h.pump();
    expect(h.handler.started).toContain(j); // it did start
    expect(h.response(j)?.type).toBe("cancelled");
    expect(checks).toBe(4); // the first check is before starting; it stopped at the third inside the op
  });

  it("keeps a released tensor while a live node uses it, and frees the chain once nothing holds it", () => {
    const h = harness();
    h.upload(1, x);
    h.upload(2, w);
    h.run(3, "conv2d", { x: 1, weight: 2 });
    h.run(4, "relu", { x: 3 });
    h.pump();
    expect(h.handler.store.size).toBe(4);
    h.send({ type: "release", ids: [3] });
    h.pump();
    expect(h.handler.store.size).toBe(4); // relu's backward may still pass through the conv
    h.send({ type: "release", ids: [4] });
    h.pump();
    expect(h.handler.store.size).toBe(2);
    h.send({ type: "release", ids: [1, 2] });
    h.pump();
    expect(h.handler.store.size).toBe(0);
  });

  it("computes the gradients of a shared weight as the sum over its uses, as sequential() does", () => {
    const h = harness();
    const x1 = randn([2, 1, 9], { seed: 4 }),
      k = randn([1, 1, 3], { seed: 5 });
    const target = tensor([0, 2]);
    const lw = randn([3, 5], { seed: 6 });
    h.upload(1, x1);
    h.upload(2, k);
    h.upload(3, target);
    h.upload(4, lw);
    h.run(5, "conv1d", { x: 1, weight: 2 });
    h.run(6, "tanh", { x: 5 });
    h.run(7, "conv1d", { x: 6, weight: 2 }); // the same kernel again
    h.run(8, "flatten", { x: 7 });
    h.run(9, "linear", { x: 8, weight: 4 });
    h.run(10, "cross_entropy", { x: 9, target: 3 });
    const gk = h.grad(11, 10, 2),
      gw = h.grad(12, 10, 4),
      gx = h.grad(13, 10, 1);
    const reads = [h.read(11), h.read(12), h.read(13)];
    h.pump();
    for (const j of [gk, gw, gx]) expect(h.response(j)?.type).toBe("done");
    const ref = sequential(x1, [{ op: "conv1d", weight: "k" }, { op: "tanh" }, { op: "conv1d", weight: "k" }, { op: "flatten" }, { op: "linear", weight: "lw" }, { op: "cross_entropy", target }], {
      k,
      lw,
    });
    const [dk, dw, dx] = reads.map((r) => (h.response(r) as Extract<Response, { type: "data" }>).data);
    for (const [got, want] of [
      [dk, ref.grads.k],
      [dw, ref.grads.lw],
      [dx, ref.grads.x],
    ] as const) {
      want.data.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    }
  });

  it("refuses a gradient of a loss that is not one number, or with respect to what it does not depend on", () => {
    const h = harness();
    h.upload(1, x);
    h.upload(2, w);
    h.upload(5, w);
    h.run(3, "conv2d", { x: 1, weight: 2 });
    const notScalar = h.grad(4, 3, 2);
    h.run(6, "mse", { x: 3, target: 3 });
    const unrelated = h.grad(7, 6, 5);
    h.pump();
    expect((h.response(notScalar) as { message: string }).message).toBe('grad "g4": expected a scalar loss, got [2, 4, 6, 6] from "n3" (reduce it to one number first)');
    expect((h.response(unrelated) as { message: string }).message).toBe('grad "g7": the loss "n6" does not depend on "t5" through differentiable inputs');
  });

  it("names the layer when an output is too large to allocate, and goes on working", () => {
    const h = harness();
    h.upload(1, randn([1, 1, 4, 4], { seed: 1 }));
    const huge = h.run(2, "upsample2d", { x: 1 }, { scaleFactor: 3_000_000, name: "up" });
    const fine = h.run(3, "relu", { x: 1 });
    h.pump();
    expect((h.response(huge) as { message: string }).message).toMatch(/^upsample2d "n2": (RangeError: )?(Invalid typed array length|Array buffer allocation failed)/);
    expect(h.response(fine)?.type).toBe("done");
  });

  it("reports an op's own error, and passes it on to the jobs that use the failed output", () => {
    const h = harness();
    h.upload(1, x);
    h.upload(2, randn([4, 2, 3, 3], { seed: 1 }));
    const bad = h.run(3, "conv2d", { x: 1, weight: 2 }, { name: "conv1" });
    const next = h.run(4, "relu", { x: 3 }, { name: "act" });
    const unknown = h.run(5, "conv9d", { x: 1 });
    h.pump();
    const message = (h.response(bad) as { message: string }).message;
    expect(message).toMatch(/^conv2d "conv1": expected input \[N, 2, H, W\]/);
    expect((h.response(next) as { message: string }).message).toBe(message);
    expect((h.response(unknown) as { message: string }).message).toBe('conv9d "n5": no such op in the engine');
  });
});
