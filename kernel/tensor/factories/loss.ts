import { fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, formatShape, type Data, type Tensor } from "../tensor.ts";

export type Reduction = "mean" | "sum" | "none";

export interface LossOptions extends BaseOptions {
  reduction?: Reduction;
}

export function reductionOf(ctx: OpContext, options: LossOptions): Reduction {
  const r: unknown = options.reduction === undefined ? "mean" : options.reduction;
  if (r !== "mean" && r !== "sum" && r !== "none") {
    fail(ctx, `reduction must be "mean", "sum" or "none", got ${formatValue(r)}`);
  }
  return r;
}

/** The class index whose items are left out (PyTorch: -100); any integer, as PyTorch takes. */
export function ignoreIndexOf(ctx: OpContext, value: unknown): number {
  if (value === undefined) return -100;
  if (typeof value !== "number" || !Number.isInteger(value)) fail(ctx, `ignoreIndex must be an integer, got ${formatValue(value)}`);
  return value;
}

/** The loss's output: a scalar (shape []) unless reduction is "none". */
export function reducedShape(reduction: Reduction, perItemShape: readonly number[]): number[] {
  return reduction === "none" ? [...perItemShape] : [];
}

/**
 * Reduces per-item losses; `count` is the mean's denominator. The mean of no items (an empty
 * batch) is 0/0 = NaN and their sum is 0, as in PyTorch.
 */
export function reduce(losses: Data, reduction: Reduction, count: number, shape: readonly number[]): Tensor {
  if (reduction === "none") return { shape: [...shape], data: losses };
  let s = 0;
  for (let i = 0; i < losses.length; i++) s += losses[i];
  const out = allocate(1, losses instanceof Float64Array ? "float64" : "float32");
  out[0] = reduction === "mean" ? s / count : s;
  return { shape: [], data: out };
}

/** The upstream gradient that reaches item i: g[i] for "none", g[0] (divided by count for "mean") otherwise. */
export function itemGradient(gradOutput: Tensor, reduction: Reduction, count: number): (i: number) => number {
  const g = gradOutput.data;
  if (reduction === "none") return (i) => g[i];
  const scale = reduction === "mean" ? g[0] / count : g[0];
  return () => scale;
}

export interface Saved<P = undefined> {
  x: Tensor;
  target: Tensor;
  reduction: Reduction;
  p: P;
}

/** A pointwise loss's options besides reduction (smooth_l1's beta), read into what its rules take. */
export interface LossParameters<P> {
  options: string[];
  read(ctx: OpContext, options: Record<string, unknown>): P;
}

/**
 * A loss between x and a target of the same shape, item by item: mse, bce_with_logits, l1,
 * smooth_l1. `loss(x, t, p)` and `slope(x, t, p)` = d loss / dx are the per-item rules.
 */
export function pointwiseLoss<P = undefined>(
  name: string,
  loss: (x: number, t: number, p: P) => number,
  slope: (x: number, t: number, p: P) => number,
  parameters?: LossParameters<P>,
): OpDef<LossOptions & Record<string, unknown>, Saved<P>> {
  const check = (options: LossOptions & Record<string, unknown>, x: readonly number[] | undefined, t: readonly number[] | undefined) => {
    const ctx = context(name, options);
    if (!x) fail(ctx, "missing input x");
    if (!t) fail(ctx, "missing target");
    if (x.length !== t.length || x.some((d, i) => d !== t[i])) {
      fail(ctx, `expected target ${formatShape(x)} (the shape of the input), got ${formatShape(t)}`);
    }
    return { reduction: reductionOf(ctx, options), p: parameters ? parameters.read(ctx, options) : (undefined as P) };
  };
  return defineOp({
    name,
    inputs: ["x", "target"],
    differentiable: ["x"],
    options: ["reduction", ...(parameters?.options ?? [])],
    infer({ x, target }, options) {
      const { reduction } = check(options, x, target);
      return { shape: reducedShape(reduction, x!), params: 0, macs: 0, windows: null };
    },
    forward({ x, target }, options) {
      const { reduction, p } = check(options, x?.shape, target?.shape);
      const xd = x!.data,
        td = target!.data;
      const losses = allocate(xd.length, dtypeOf(x!));
      for (let i = 0; i < xd.length; i++) losses[i] = loss(xd[i], td[i], p);
      return { output: reduce(losses, reduction, xd.length, x!.shape), saved: { x: x!, target: target!, reduction, p } };
    },
    backward(gradOutput, { x, target, reduction, p }) {
      const xd = x.data,
        td = target.data;
      const g = itemGradient(gradOutput, reduction, xd.length);
      const dx = allocate(xd.length, dtypeOf(gradOutput));
      for (let i = 0; i < xd.length; i++) dx[i] = g(i) * slope(xd[i], td[i], p);
      return { x: { shape: [...x.shape], data: dx } };
    },
  });
}
