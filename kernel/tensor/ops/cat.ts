import { aroundAxis, resolveDim } from "../dims.ts";
import { fail } from "../errors.ts";
import { context, defineOp, wants, type BaseOptions, type Grads, type OpDef, type Shapes } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Tensor } from "../tensor.ts";
import type { OpContext } from "../errors.ts";

/** How many tensors one cat takes: its inputs are x0, x1, ... in order. */
export const CAT_INPUTS = 16;
const SLOTS = Array.from({ length: CAT_INPUTS }, (_, i) => `x${i}`);

export interface CatOptions extends BaseOptions {
  dim?: number;
}

/** The inputs present, in order (x0, x1, ... with none missing in between). */
function present<T>(ctx: OpContext, inputs: Record<string, T | undefined>): Array<[string, T]> {
  const list: Array<[string, T]> = [];
  for (const slot of SLOTS) {
    const value = inputs[slot];
    if (value === undefined) break;
    list.push([slot, value]);
  }
  if (!list.length) fail(ctx, "expected at least one tensor to concatenate");
  const extra = Object.keys(inputs).filter((k) => inputs[k] !== undefined && !list.some(([slot]) => slot === k));
  if (extra.length) fail(ctx, `inputs must be x0, x1, ... in order with none missing; got ${extra.join(", ")} after a gap`);
  return list;
}

/** The joined shape; every axis but dim must agree. */
function joined(ctx: OpContext, shapes: Array<[string, readonly number[]]>, dimOption: unknown): { dim: number; shape: number[] } {
  const [firstSlot, first] = shapes[0];
  const dim = resolveDim(ctx, "dim", dimOption === undefined ? 0 : dimOption, first.length);
  let along = 0;
  for (const [slot, s] of shapes) {
    if (s.length !== first.length) fail(ctx, `${slot} is ${formatShape(s)} where ${firstSlot} is ${formatShape(first)}: they need the same number of axes`);
    for (let i = 0; i < s.length; i++) {
      if (i !== dim && s[i] !== first[i]) fail(ctx, `${slot} is ${formatShape(s)} where ${firstSlot} is ${formatShape(first)}: every axis but ${dim} must match (axis ${i}: ${s[i]} vs ${first[i]})`);
    }
    along += s[dim];
  }
  return { dim, shape: first.map((d, i) => (i === dim ? along : d)) };
}

/** cat([x0, x1, ...], {dim = 0}): the tensors joined along dim (up to 16 of them). */
export const cat: OpDef<CatOptions, { dim: number; shapes: Array<[string, number[]]>; shape: number[] }> = defineOp({
  name: "cat",
  inputs: SLOTS,
  optional: SLOTS.slice(1),
  differentiable: SLOTS,
  options: ["dim"],
  infer(shapes: Shapes, options) {
    const ctx = context("cat", options);
    const { dim, shape } = joined(ctx, present(ctx, shapes), options.dim);
    // Joining channels (or samples) keeps each position's field; joining along space does not.
    return { shape, params: 0, macs: 0, windows: dim < 2 ? undefined : null };
  },
  forward(inputs, options) {
    const ctx = context("cat", options);
    const list = present(ctx, inputs) as Array<[string, Tensor]>;
    const { dim, shape } = joined(
      ctx,
      list.map(([slot, t]) => [slot, t.shape]),
      options.dim,
    );
    const out = allocate(sizeOf(shape), dtypeOf(list[0][1]));
    const { outer, inner } = aroundAxis(shape, dim);
    const rowOut = shape[dim] * inner;
    let offset = 0;
    for (const [, t] of list) {
      const rowIn = t.shape[dim] * inner;
      for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * rowIn, (o + 1) * rowIn), o * rowOut + offset);
      offset += rowIn;
    }
    return { output: { shape, data: out }, saved: { dim, shape, shapes: list.map(([slot, t]) => [slot, [...t.shape]]) } };
  },
  backward(gradOutput, { dim, shape, shapes }, _options, run) {
    const { outer, inner } = aroundAxis(shape, dim);
    const rowOut = shape[dim] * inner;
    const grads: Grads = {};
    let offset = 0;
    for (const [slot, s] of shapes) {
      const rowIn = s[dim] * inner;
      if (wants(run, slot)) {
        const d = allocate(sizeOf(s), dtypeOf(gradOutput));
        for (let o = 0; o < outer; o++) d.set(gradOutput.data.subarray(o * rowOut + offset, o * rowOut + offset + rowIn), o * rowIn);
        grads[slot] = { shape: [...s], data: d };
      }
      offset += rowIn;
    }
    return grads;
  },
});
