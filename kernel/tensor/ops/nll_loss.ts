import { fail, type OpContext } from "../errors.ts";
import { ignoreIndexOf, itemGradient, reduce, reducedShape, reductionOf, type LossOptions, type Reduction } from "../factories/loss.ts";
import { context, defineOp, type OpDef, type Shapes } from "../op.ts";
import { allocate, dtypeOf, formatShape } from "../tensor.ts";

export interface NllLossOptions extends LossOptions {
  /** Targets equal to this index contribute nothing and are left out of the mean (PyTorch: -100). */
  ignoreIndex?: number;
}

/** x: log-probabilities [N, C, d...] (or [C]); target: class indices [N, d...]; weight: [C] or absent. */
function layout(ctx: OpContext, { x, target, weight }: Shapes) {
  if (!x) fail(ctx, "missing input x");
  if (!target) fail(ctx, "missing target");
  if (x.length === 0) fail(ctx, "expected log-probabilities [N, C], got a scalar");
  const batched = x.length > 1;
  const C = batched ? x[1] : x[0];
  const itemShape = batched ? [x[0], ...x.slice(2)] : [];
  if (target.length !== itemShape.length || target.some((d, i) => d !== itemShape[i]))
    fail(ctx, `expected target ${formatShape(itemShape)} of class indices for input ${formatShape(x)}, got ${formatShape(target)}`);
  if (weight && (weight.length !== 1 || weight[0] !== C)) fail(ctx, `expected weight [${C}] (one per class), got ${formatShape(weight)}`);
  return { C, itemShape, inner: batched ? x.slice(2).reduce((a, b) => a * b, 1) : 1, outer: batched ? x[0] : 1 };
}

export interface NllSaved {
  /** Per item, the class it picks (-1: ignored) and that class's weight. */
  picks: Int32Array;
  weights: Float64Array;
  xShape: number[];
  reduction: Reduction;
  count: number;
  C: number;
  inner: number;
}

/**
 * nll_loss(x, target, {weight, reduction = "mean", ignoreIndex = -100}): -w[t]·x[t] per item;
 * the mean divides by the sum of the kept items' weights, as PyTorch does.
 */
export const nll_loss: OpDef<NllLossOptions, NllSaved> = defineOp({
  name: "nll_loss",
  inputs: ["x", "target", "weight"],
  optional: ["weight"],
  differentiable: ["x"],
  options: ["reduction", "ignoreIndex"],
  infer(shapes, options) {
    const ctx = context("nll_loss", options);
    const { itemShape } = layout(ctx, shapes);
    ignoreIndexOf(ctx, options.ignoreIndex);
    return { shape: reducedShape(reductionOf(ctx, options), itemShape), params: 0, macs: 0, windows: null };
  },
  forward({ x, target, weight }, options) {
    const ctx = context("nll_loss", options);
    const { C, itemShape, inner, outer } = layout(ctx, { x: x?.shape, target: target?.shape, weight: weight?.shape });
    const reduction = reductionOf(ctx, options);
    const ignoreIndex = ignoreIndexOf(ctx, options.ignoreIndex);
    const xd = x!.data,
      td = target!.data;
    const items = outer * inner;
    const losses = allocate(items, dtypeOf(x!));
    const picks = new Int32Array(items).fill(-1),
      weights = new Float64Array(items);
    let count = 0;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const item = o * inner + i;
        const cls = td[item];
        if (cls === ignoreIndex) continue;
        if (!Number.isInteger(cls) || cls < 0 || cls >= C) fail(ctx, `target class ${cls} out of range for ${C} classes (expected 0 to ${C - 1}) at item ${item}`);
        const w = weight ? weight.data[cls] : 1;
        picks[item] = cls;
        weights[item] = w;
        losses[item] = -w * xd[o * C * inner + cls * inner + i];
        count += w;
      }
    }
    return { output: reduce(losses, reduction, count, itemShape), saved: { picks, weights, xShape: [...x!.shape], reduction, count, C, inner } };
  },
  backward(gradOutput, { picks, weights, xShape, reduction, count, C, inner }) {
    const g = itemGradient(gradOutput, reduction, count);
    const dx = allocate(
      xShape.reduce((a, b) => a * b, 1),
      dtypeOf(gradOutput),
    );
    for (let item = 0; item < picks.length; item++) {
      if (picks[item] < 0) continue;
      const o = Math.floor(item / inner),
        i = item % inner;
      dx[o * C * inner + picks[item] * inner + i] = -weights[item] * g(item);
    }
    return { x: { shape: [...xShape], data: dx } };
  },
});
