import { fail, formatValue } from "../errors.ts";
import { axesOrder } from "../factories/axes_order.ts";
import type { BaseOptions } from "../op.ts";

export interface PermuteOptions extends BaseOptions {
  /** Output axis i is input axis dims[i]; negative axes count from the end. */
  dims?: number[];
}

/** permute(x, {dims}): the axes in a new order. */
export const permute = axesOrder<PermuteOptions>("permute", ["dims"], (ctx, rank, { dims }) => {
  const ok = Array.isArray(dims) && dims.length === rank && dims.every((d) => typeof d === "number" && Number.isInteger(d) && d >= -rank && d < rank);
  const order = ok ? dims.map((d) => (d < 0 ? d + rank : d)) : [];
  if (!ok || new Set(order).size !== rank) {
    fail(ctx, `dims must be a permutation of the ${rank} axes 0..${rank - 1}, got ${formatValue(dims)}`);
  }
  return order;
});
