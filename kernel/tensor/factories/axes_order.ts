import { fail, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, type Data, sizeOf } from "../tensor.ts";

/** Row-major strides of a shape. */
function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** x's data with its axes in the order `order` (out axis i is x's axis order[i]). */
export function permuteData(data: Data, shape: readonly number[], order: readonly number[]): Data {
  const outShape = order.map((a) => shape[a]);
  const xs = strides(shape);
  const step = order.map((a) => xs[a]); // how far in x one step along each out axis goes
  const out = allocate(sizeOf(shape), data instanceof Float64Array ? "float64" : "float32");
  const rank = order.length,
    index = new Array<number>(rank).fill(0);
  let at = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = data[at];
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      at += step[axis];
      if (index[axis] < outShape[axis]) break;
      at -= step[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
  return out;
}

/** The order that undoes `order`. */
const inverse = (order: readonly number[]) => order.map((_, i) => order.indexOf(i));

/**
 * An op that reorders axes (permute, transpose): `orderOf` reads the options into the order
 * (out axis i is input axis order[i]), failing on a bad one; the gradient goes back through
 * the inverse order.
 */
export function axesOrder<O extends BaseOptions>(name: string, options: string[], orderOf: (ctx: OpContext, rank: number, options: O) => number[]): OpDef<O, { order: number[]; shape: number[] }> {
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options,
    infer({ x }, opts) {
      const ctx = context(name, opts);
      if (!x) fail(ctx, "missing input x");
      const order = orderOf(ctx, x.length, opts);
      return { shape: order.map((a) => x[a]), params: 0, macs: 0, windows: null };
    },
    forward({ x }, opts) {
      const ctx = context(name, opts);
      if (!x) fail(ctx, "missing input x");
      const order = orderOf(ctx, x.shape.length, opts);
      return { output: { shape: order.map((a) => x.shape[a]), data: permuteData(x.data, x.shape, order) }, saved: { order, shape: [...x.shape] } };
    },
    backward(gradOutput, { order, shape }) {
      const back = inverse(order);
      return { x: { shape: [...shape], data: permuteData(gradOutput.data, gradOutput.shape, back) } };
    },
  });
}
