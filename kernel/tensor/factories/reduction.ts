import { eachBroadcast } from "../broadcast.ts";
import { fail, formatValue, booleanOption, type OpContext } from "../errors.ts";
import { resolveDim } from "../dims.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, sizeOf } from "../tensor.ts";

export interface ReductionOptions extends BaseOptions {
  /** An axis, a list of axes, or none (null or absent) for all of them. */
  dim?: number | number[] | null;
  keepdim?: boolean;
}

/** The axes reduced, sorted and without repeats; every axis when dim is absent or null. */
function axesOf(ctx: OpContext, dim: unknown, rank: number): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim;
  if (!Array.isArray(list)) fail(ctx, `dim must be an integer, a list of integers or null, got ${formatValue(dim)}`);
  if (list.length === 0) fail(ctx, "dim must name at least one axis (or be null for all of them), got []");
  const axes = list.map((d) => resolveDim(ctx, "dim", d, Math.max(rank, 1)));
  if (new Set(axes).size !== axes.length) fail(ctx, `dim ${formatValue(dim)} names an axis twice`);
  return axes.sort((a, b) => a - b);
}

/** The result's shape, and the input's shape with the reduced axes kept as 1 (for broadcasting back). */
function shapes(ctx: OpContext, x: readonly number[], options: ReductionOptions): { out: number[]; kept: number[] } {
  const axes = axesOf(ctx, options.dim, x.length);
  const keepdim = booleanOption(ctx, "keepdim", options.keepdim, false);
  const kept = x.map((d, i) => (axes.includes(i) ? 1 : d));
  return { out: keepdim ? kept : x.filter((_, i) => !axes.includes(i)), kept };
}

/** sum and mean over some axes (`mean` divides by the count reduced); the gradient spreads back evenly. */
export function reduction(name: string, mean: boolean): OpDef<ReductionOptions, { shape: number[]; kept: number[]; count: number }> {
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options: ["dim", "keepdim"],
    infer({ x }, options) {
      const ctx = context(name, options);
      if (!x) fail(ctx, "missing input x");
      return { shape: shapes(ctx, x, options).out, params: 0, macs: 0, windows: null };
    },
    forward({ x }, options) {
      const ctx = context(name, options);
      if (!x) fail(ctx, "missing input x");
      const { out, kept } = shapes(ctx, x.shape, options);
      const total = allocate(sizeOf(kept), dtypeOf(x));
      const xd = x.data;
      // Each input element adds into the kept-shape cell broadcasting pairs it with.
      eachBroadcast(x.shape, kept, kept, (i, k) => {
        total[k] += xd[i];
      });
      const count = sizeOf(x.shape) / Math.max(1, sizeOf(kept));
      if (mean) for (let k = 0; k < total.length; k++) total[k] /= count;
      return { output: { shape: out, data: total }, saved: { shape: [...x.shape], kept, count } };
    },
    backward(gradOutput, { shape, kept, count }) {
      const g = gradOutput.data;
      const dx = allocate(sizeOf(shape), dtypeOf(gradOutput));
      const scale = mean ? 1 / count : 1;
      eachBroadcast(shape, kept, kept, (i, k) => {
        dx[i] = g[k] * scale;
      });
      return { x: { shape: [...shape], data: dx } };
    },
  });
}
