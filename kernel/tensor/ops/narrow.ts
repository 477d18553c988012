import { aroundAxis, resolveDim } from "../dims.ts";
import { fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, sizeOf } from "../tensor.ts";

export interface NarrowOptions extends BaseOptions {
  dim?: number;
  /** The first index kept (negative: from the end). */
  start?: number;
  length?: number;
}

export interface Slice {
  dim: number;
  start: number;
  length: number;
  shape: number[];
}

function sliceOf(ctx: OpContext, x: readonly number[], options: NarrowOptions): Slice {
  const dim = resolveDim(ctx, "dim", options.dim, x.length);
  const size = x[dim];
  const { start: s, length } = options;
  if (typeof s !== "number" || !Number.isInteger(s)) fail(ctx, `start must be an integer, got ${formatValue(s)}`);
  if (typeof length !== "number" || !Number.isInteger(length) || length < 0) fail(ctx, `length must be an integer >= 0, got ${formatValue(length)}`);
  const start = s < 0 ? s + size : s;
  if (start < 0 || start + length > size) fail(ctx, `start ${s} and length ${length} reach past axis ${dim} of size ${size}`);
  return { dim, start, length, shape: x.map((d, i) => (i === dim ? length : d)) };
}

/** narrow(x, {dim, start, length}): `length` indices of axis dim from `start` (a copy, not a view). */
export const narrow: OpDef<NarrowOptions, Slice & { xShape: number[] }> = defineOp({
  name: "narrow",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["dim", "start", "length"],
  infer({ x }, options) {
    const ctx = context("narrow", options);
    if (!x) fail(ctx, "missing input x");
    return { shape: sliceOf(ctx, x, options).shape, params: 0, macs: 0, windows: null };
  },
  forward({ x }, options) {
    const ctx = context("narrow", options);
    if (!x) fail(ctx, "missing input x");
    const slice = sliceOf(ctx, x.shape, options);
    const { outer, inner } = aroundAxis(x.shape, slice.dim);
    const size = x.shape[slice.dim];
    const out = allocate(sizeOf(slice.shape), dtypeOf(x));
    for (let o = 0; o < outer; o++) {
      out.set(x.data.subarray((o * size + slice.start) * inner, (o * size + slice.start + slice.length) * inner), o * slice.length * inner);
    }
    return { output: { shape: slice.shape, data: out }, saved: { ...slice, xShape: [...x.shape] } };
  },
  backward(gradOutput, { dim, start, length, xShape }) {
    const { outer, inner } = aroundAxis(xShape, dim);
    const size = xShape[dim];
    const dx = allocate(sizeOf(xShape), dtypeOf(gradOutput));
    for (let o = 0; o < outer; o++) {
      dx.set(gradOutput.data.subarray(o * length * inner, (o + 1) * length * inner), (o * size + start) * inner);
    }
    return { x: { shape: [...xShape], data: dx } };
  },
});
