import { fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { formatShape, sizeOf } from "../tensor.ts";

export interface ReshapeOptions extends BaseOptions {
  /** The new shape; one entry may be -1, for what the others leave. */
  shape?: number[];
}

function newShape(ctx: OpContext, x: readonly number[], shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < -1)) {
    fail(ctx, `shape must be a list of sizes (one of them may be -1), got ${formatValue(shape)}`);
  }
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) fail(ctx, `only one size may be -1, got ${formatShape(shape)}`);
  const size = sizeOf(x);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (free === 1) {
    if (known === 0 || size % known !== 0) fail(ctx, `shape ${formatShape(shape)} must leave a whole size for -1: the input ${formatShape(x)} has ${size} values`);
    return shape.map((d) => (d === -1 ? size / known : d));
  }
  if (known !== size) fail(ctx, `shape ${formatShape(shape)} must hold the input's ${size} values (${formatShape(x)}), not ${known}`);
  return [...shape];
}

/** reshape(x, {shape}): the same values, row-major, in a new shape. */
export const reshape: OpDef<ReshapeOptions, { shape: number[] }> = defineOp({
  name: "reshape",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["shape"],
  infer({ x }, options) {
    const ctx = context("reshape", options);
    if (!x) fail(ctx, "missing input x");
    return { shape: newShape(ctx, x, options.shape), params: 0, macs: 0, windows: null };
  },
  forward({ x }, options) {
    const ctx = context("reshape", options);
    if (!x) fail(ctx, "missing input x");
    return { output: { shape: newShape(ctx, x.shape, options.shape), data: x.data.slice() }, saved: { shape: [...x.shape] } };
  },
  backward(gradOutput, { shape }) {
    return { x: { shape: [...shape], data: gradOutput.data.slice() } };
  },
});
