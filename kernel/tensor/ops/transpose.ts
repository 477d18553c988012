import { resolveDim } from "../dims.ts";
import { axesOrder } from "../factories/axes_order.ts";
import type { BaseOptions } from "../op.ts";

export interface TransposeOptions extends BaseOptions {
  dim0?: number;
  dim1?: number;
}

/** transpose(x, {dim0, dim1}): two axes swapped. */
export const transpose = axesOrder<TransposeOptions>("transpose", ["dim0", "dim1"], (ctx, rank, { dim0, dim1 }) => {
  const a = resolveDim(ctx, "dim0", dim0, rank),
    b = resolveDim(ctx, "dim1", dim1, rank);
  const order = Array.from({ length: rank }, (_, i) => i);
  [order[a], order[b]] = [order[b], order[a]];
  return order;
});
