import { fail, type OpContext } from "./errors.ts";
import { allocate, type Data, formatShape, sizeOf } from "./tensor.ts";

/**
 * NumPy/PyTorch broadcasting: shapes are aligned at their last axes; each pair of sizes must be
 * equal or one of them 1. The message names the first axis (of the result) where they differ.
 */
export function broadcastShapes(ctx: OpContext, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1,
      db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) fail(ctx, `shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i}: ${da} vs ${db})`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Strides of `shape` seen as `out` (broadcast axes step 0), for reading it at out's indices. */
function stridesWithin(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = out.length - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : step;
    step *= shape[i];
  }
  return strides;
}

/**
 * For every element of `out` in row-major order, the index of the element of `a` and of `b`
 * that broadcasting pairs with it: visit(outIndex, aIndex, bIndex).
 */
export function eachBroadcast(out: readonly number[], a: readonly number[], b: readonly number[], visit: (o: number, ia: number, ib: number) => void): void {
  const total = sizeOf(out);
  if (sizeOf(a) === total && sizeOf(b) === total) {
    // Nothing broadcast (the common skip connection): the same index everywhere.
    for (let o = 0; o < total; o++) visit(o, o, o);
    return;
  }
  const sa = stridesWithin(a, out),
    sb = stridesWithin(b, out);
  const rank = out.length;
  const index = new Array<number>(rank).fill(0);
  let ia = 0,
    ib = 0;
  for (let o = 0; o < total; o++) {
    visit(o, ia, ib);
    // Odometer: the last axis steps fastest.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      ia += sa[axis];
      ib += sb[axis];
      if (index[axis] < out[axis]) break;
      ia -= sa[axis] * out[axis];
      ib -= sb[axis] * out[axis];
      index[axis] = 0;
    }
  }
}

/** A gradient of the broadcast result summed back to the shape of the input it came from. */
export function sumToShape(grad: Data, out: readonly number[], shape: readonly number[]): Data {
  const result = allocate(sizeOf(shape), grad instanceof Float64Array ? "float64" : "float32");
  if (result.length === grad.length) {
    result.set(grad); // not broadcast: the gradient as it is
    return result;
  }
  eachBroadcast(out, shape, shape, (o, i) => {
    result[i] += grad[o];
  });
  return result;
}
