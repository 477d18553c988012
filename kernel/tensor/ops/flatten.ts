import { resolveDim } from "../dims.ts";
import { fail } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { formatShape, reshape } from "../tensor.ts";

export interface FlattenOptions extends BaseOptions {
  /** Defaults to 1 (keep the batch axis), as nn.Flatten. */
  startDim?: number;
  endDim?: number;
}

function flatShape(shape: readonly number[], options: FlattenOptions): number[] {
  const ctx = context("flatten", options);
  if (shape.length === 0) return [1];
  const start = resolveDim(ctx, "startDim", options.startDim === undefined ? 1 : options.startDim, shape.length);
  const end = resolveDim(ctx, "endDim", options.endDim === undefined ? -1 : options.endDim, shape.length);
  if (start > end) fail(ctx, `startDim ${start} comes after endDim ${end} for input ${formatShape(shape)}`);
  const merged = shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return [...shape.slice(0, start), merged, ...shape.slice(end + 1)];
}

/** flatten(x, {startDim = 1, endDim = -1}): the axes from startDim to endDim merged into one, row-major. */
export const flatten: OpDef<FlattenOptions, { shape: number[] }> = defineOp({
  name: "flatten",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["startDim", "endDim"],
  infer({ x }, options) {
    if (!x) fail(context("flatten", options), "missing input x");
    return { shape: flatShape(x, options), params: 0, macs: 0, windows: null };
  },
  forward({ x }, options) {
    if (!x) fail(context("flatten", options), "missing input x");
    // A copy, so that the output can be released independently of the input in the worker.
    return { output: { shape: flatShape(x.shape, options), data: x.data.slice() }, saved: { shape: [...x.shape] } };
  },
  backward(gradOutput, { shape }) {
    return { x: reshape({ shape, data: gradOutput.data.slice() }, shape) };
  },
});
