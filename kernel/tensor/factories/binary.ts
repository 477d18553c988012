import { broadcastShapes, eachBroadcast, sumToShape } from "../broadcast.ts";
import { fail } from "../errors.ts";
import { context, defineOp, wants, type BaseOptions, type Grads, type OpDef } from "../op.ts";
import { allocate, dtypeOf, sizeOf, type Tensor } from "../tensor.ts";

/**
 * An element-wise op of two tensors that broadcast (add, sub, mul, div). `value` is the result
 * of a pair; `slopeA` and `slopeB` its partial derivatives there. Each input's gradient is
 * summed back to its own shape, as PyTorch does.
 */
export function binary(
  name: string,
  value: (a: number, b: number) => number,
  slopeA: (a: number, b: number) => number,
  slopeB: (a: number, b: number) => number,
): OpDef<BaseOptions, { a: Tensor; b: Tensor; shape: number[] }> {
  return defineOp({
    name,
    inputs: ["a", "b"],
    differentiable: ["a", "b"],
    options: [],
    infer({ a, b }, options) {
      const ctx = context(name, options);
      if (!a || !b) fail(ctx, `expected two inputs a and b, got ${a ? "b" : "a"} missing`);
      return { shape: broadcastShapes(ctx, a, b), params: 0, macs: 0 };
    },
    forward({ a, b }, options) {
      const ctx = context(name, options);
      if (!a || !b) fail(ctx, "expected two inputs a and b");
      const shape = broadcastShapes(ctx, a.shape, b.shape);
      const out = allocate(sizeOf(shape), dtypeOf(a));
      const ad = a.data,
        bd = b.data;
      eachBroadcast(shape, a.shape, b.shape, (o, ia, ib) => {
        out[o] = value(ad[ia], bd[ib]);
      });
      return { output: { shape, data: out }, saved: { a, b, shape } };
    },
    backward(gradOutput, { a, b, shape }, _options, run) {
      const g = gradOutput.data;
      const da = allocate(g.length, dtypeOf(gradOutput)),
        db = allocate(g.length, dtypeOf(gradOutput));
      const ad = a.data,
        bd = b.data;
      eachBroadcast(shape, a.shape, b.shape, (o, ia, ib) => {
        da[o] = g[o] * slopeA(ad[ia], bd[ib]);
        db[o] = g[o] * slopeB(ad[ia], bd[ib]);
      });
      const grads: Grads = {};
      if (wants(run, "a")) grads.a = { shape: [...a.shape], data: sumToShape(da, shape, a.shape) };
      if (wants(run, "b")) grads.b = { shape: [...b.shape], data: sumToShape(db, shape, b.shape) };
      return grads;
    },
  });
}
