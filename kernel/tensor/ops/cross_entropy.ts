import { fail, formatValue, type OpContext } from "../errors.ts";
import { normalise } from "../factories/softmax_family.ts";
import { ignoreIndexOf, reduce, reducedShape, reductionOf, itemGradient, type LossOptions, type Reduction } from "../factories/loss.ts";
import { context, defineOp, type OpDef, type Shapes } from "../op.ts";
import { allocate, dtypeOf, formatShape } from "../tensor.ts";

export interface CrossEntropyOptions extends LossOptions {
  /** Targets equal to this index contribute nothing and are left out of the mean (PyTorch: -100). */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: (1 - ε)·target + ε/C. */
  labelSmoothing?: number;
}

/**
 * Logits x: [N, C, d...] (or [C]); target: class indices [N, d...] (or a scalar), or class
 * probabilities of x's shape. Items are the positions (n, d...); classes run along axis 1.
 */
function layout(ctx: OpContext, { x, target, weight }: Shapes) {
  if (!x) fail(ctx, "missing input x");
  if (!target) fail(ctx, "missing target");
  if (x.length === 0) fail(ctx, "expected logits [N, C], got a scalar");
  const batched = x.length > 1;
  const C = batched ? x[1] : x[0];
  const itemShape = batched ? [x[0], ...x.slice(2)] : [];
  const inner = batched ? x.slice(2).reduce((a, b) => a * b, 1) : 1;
  const outer = batched ? x[0] : 1;
  const sameAs = (s: readonly number[]) => s.length === target.length && s.every((d, i) => d === target[i]);
  const probabilities = sameAs(x);
  if (!probabilities && !sameAs(itemShape)) {
    fail(ctx, `expected target ${formatShape(itemShape)} of class indices (or ${formatShape(x)} of probabilities) for logits ${formatShape(x)}, got ${formatShape(target)}`);
  }
  if (weight && (weight.length !== 1 || weight[0] !== C)) fail(ctx, `expected weight [${C}] (one per class), got ${formatShape(weight)}`);
  return { C, itemShape, inner, outer, probabilities };
}

export interface Saved {
  logProbs: Float64Array;
  /** The target distribution of every kept item ([N, C, d...], zero rows for ignored items). */
  dist: Float64Array;
  xShape: number[];
  reduction: Reduction;
  count: number;
  C: number;
  inner: number;
  outer: number;
}

/** Smoothing ε in [0, 1]: the target becomes (1 - ε)·target + ε/C, as in PyTorch. */
function smoothingOf(ctx: OpContext, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number") fail(ctx, `labelSmoothing must be a number in [0, 1], got ${formatValue(value)}`);
  if (!(value >= 0 && value <= 1)) fail(ctx, `labelSmoothing must be in [0, 1], got ${value}`);
  return value;
}

/**
 * cross_entropy(x, target, weight?, {reduction = "mean", ignoreIndex = -100, labelSmoothing = 0}):
 * log_softmax over the class axis, then the cross-entropy against the (smoothed) target, each
 * class's term scaled by its weight. With class indices the mean divides by the sum of the
 * kept items' target weights (PyTorch's weighted mean, smoothing included); with class
 * probabilities by the number of items.
 */
export const cross_entropy: OpDef<CrossEntropyOptions, Saved> = defineOp({
  name: "cross_entropy",
  inputs: ["x", "target", "weight"],
  optional: ["weight"],
  differentiable: ["x"],
  options: ["reduction", "ignoreIndex", "labelSmoothing"],
  infer(shapes, options) {
    const ctx = context("cross_entropy", options);
    const { itemShape } = layout(ctx, shapes);
    smoothingOf(ctx, options.labelSmoothing);
    ignoreIndexOf(ctx, options.ignoreIndex);
    return { shape: reducedShape(reductionOf(ctx, options), itemShape), params: 0, macs: 0, windows: null };
  },
  forward({ x, target, weight }, options) {
    const ctx = context("cross_entropy", options);
    const { C, itemShape, inner, outer, probabilities } = layout(ctx, { x: x?.shape, target: target?.shape, weight: weight?.shape });
    const w = (c: number) => (weight ? weight.data[c] : 1);
    const reduction = reductionOf(ctx, options);
    const eps = smoothingOf(ctx, options.labelSmoothing);
    const ignoreIndex = ignoreIndexOf(ctx, options.ignoreIndex);
    const xd = x!.data,
      td = target!.data;
    const logProbs = new Float64Array(xd.length);
    normalise(xd, logProbs, x!.shape, x!.shape.length > 1 ? 1 : 0, true);
    const dist = new Float64Array(xd.length);
    const losses = allocate(outer * inner, dtypeOf(x!));
    let kept = 0;
    let weightSum = 0;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * C * inner + i,
          item = o * inner + i;
        const at = (c: number) => base + c * inner;
        if (probabilities) {
          for (let c = 0; c < C; c++) dist[at(c)] = w(c) * ((1 - eps) * td[at(c)] + eps / C);
        } else {
          const cls = td[item];
          if (cls === ignoreIndex) continue;
          if (!Number.isInteger(cls) || cls < 0 || cls >= C) {
            fail(ctx, `target class ${cls} out of range for ${C} classes (expected 0 to ${C - 1}) at item ${item}`);
          }
          for (let c = 0; c < C; c++) dist[at(c)] = w(c) * ((c === cls ? 1 - eps : 0) + eps / C);
          weightSum += w(cls);
        }
        let l = 0;
        for (let c = 0; c < C; c++) if (dist[at(c)] !== 0) l -= dist[at(c)] * logProbs[at(c)];
        losses[item] = l;
        kept++;
      }
    }
    // PyTorch's mean divides by the number of items for probability targets, by the kept ones'
    // weights for indices (their number, without weights).
    const count = probabilities ? outer * inner : weight ? weightSum : kept;
    return {
      output: reduce(losses, reduction, count, itemShape),
      saved: { logProbs, dist, xShape: [...x!.shape], reduction, count, C, inner, outer },
    };
  },
  backward(gradOutput, s) {
    const { logProbs, dist, C, inner, outer } = s;
    const g = itemGradient(gradOutput, s.reduction, s.count);
    const dx = allocate(logProbs.length, dtypeOf(gradOutput));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * C * inner + i,
          item = o * inner + i;
        let mass = 0;
        for (let c = 0; c < C; c++) mass += dist[base + c * inner];
        if (mass === 0) continue; // an ignored item
        const gi = g(item);
        // d/dx_c of -Σ t·log_softmax(x) = softmax_c · Σt - t_c
        for (let c = 0; c < C; c++) {
          const k = base + c * inner;
          dx[k] = gi * (Math.exp(logProbs[k]) * mass - dist[k]);
        }
      }
    }
    return { x: { shape: [...s.xShape], data: dx } };
  },
});
