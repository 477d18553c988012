import { fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, type Tensor } from "../tensor.ts";

/**
 * An activation with options (leaky_relu's slope, elu's alpha, gelu's approximation...),
 * applied value by value. `read` turns the options into the parameters `value` and
 * `gradient` take, with PyTorch's defaults, and fails naming the op and layer on a bad one;
 * the gradient maps the upstream g, the input x and the output y to the input's gradient.
 */
export function activation<P>(
  name: string,
  options: string[],
  read: (ctx: OpContext, options: Record<string, unknown>) => P,
  value: (x: number, p: P) => number,
  gradient: (g: number, x: number, y: number, p: P) => number,
): OpDef<BaseOptions & Record<string, unknown>, { x: Tensor; y: Tensor["data"]; p: P }> {
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options,
    infer({ x }, opts) {
      const ctx = context(name, opts);
      if (!x) fail(ctx, "missing input x");
      read(ctx, opts);
      return { shape: [...x], params: 0, macs: 0 };
    },
    forward({ x }, opts) {
      const ctx = context(name, opts);
      if (!x) fail(ctx, "missing input x");
      const p = read(ctx, opts);
      const xd = x.data;
      const y = allocate(xd.length, dtypeOf(x));
      for (let i = 0; i < xd.length; i++) y[i] = value(xd[i], p);
      return { output: { shape: [...x.shape], data: y }, saved: { x, y, p } };
    },
    backward(gradOutput, { x, y, p }) {
      const g = gradOutput.data,
        xd = x.data;
      const dx = allocate(g.length, dtypeOf(gradOutput));
      for (let i = 0; i < g.length; i++) dx[i] = gradient(g[i], xd[i], y[i], p);
      return { x: { shape: [...x.shape], data: dx } };
    },
  });
}

/** A finite number option; absent means `fallback`. */
export function numberOption(ctx: OpContext, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(ctx, `${option} must be a finite number, got ${formatValue(value)}`);
  return value;
}
