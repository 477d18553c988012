import { fail, type OpContext } from "../errors.ts";
import { reduce, reducedShape, reductionOf, itemGradient, type LossOptions, type Reduction } from "../factories/loss.ts";
import { context, type OpDef, type Shapes } from "../op.ts";
import { allocate, dtypeOf, formatShape, type Tensor } from "../tensor.ts";

export interface CrossEntropyOptions extends LossOptions {
  /** Targets equal to this index contribute nothing and are left out of the mean (PyTorch: -100). */
  ignoreIndex?: number;
}

/**
 * Logits x: [N, C, d...] (or [C]); target: class indices [N, d...] (or a scalar), or class
 * probabilities of x's shape. Items are the positions (n, d...); classes run along axis 1.
 */
function layout(ctx: OpContext, { x, target }: Shapes) {
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
  return { C, itemShape, inner, outer, probabilities };
}

interface Saved {
  logProbs: Float64Array;
  x: Tensor;
  target: Tensor;
  reduction: Reduction;
  count: number;
  ignoreIndex: number;
  probabilities: boolean;
  C: number; inner: number; outer: number;
}

/** cross_entropy(x, target, {reduction = "mean", ignoreIndex = -100}): log_softmax over classes, then NLL. */
export const cross_entropy: OpDef<CrossEntropyOptions, Saved> = {
  name: "cross_entropy",
  inputs: ["x", "target"],
  differentiable: ["x"],
  infer(shapes, options) {
    const ctx = context("cross_entropy", options);
    const { itemShape } = layout(ctx, shapes);
    return { shape: reducedShape(reductionOf(ctx, options), itemShape), params: 0, macs: 0, windows: null };
  },
  forward({ x, target }, options) {
    const ctx = context("cross_entropy", options);
    const { C, itemShape, inner, outer, probabilities } = layout(ctx, { x: x?.shape, target: target?.shape });
    const reduction = reductionOf(ctx, options);
    const ignoreIndex = options.ignoreIndex ?? -100;
    const xd = x!.data, td = target!.data;
    const logProbs = new Float64Array(xd.length);
    const losses = allocate(outer * inner, dtypeOf(x!));
    let count = 0;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * C * inner + i, item = o * inner + i;
        let max = -Infinity;
        for (let c = 0; c < C; c++) if (xd[base + c * inner] > max || xd[base + c * inner] !== xd[base + c * inner]) max = xd[base + c * inner];
        let sum = 0;
        for (let c = 0; c < C; c++) sum += Math.exp(xd[base + c * inner] - max);
        const logSum = max + Math.log(sum);
        for (let c = 0; c < C; c++) logProbs[base + c * inner] = xd[base + c * inner] - logSum;
        if (probabilities) {
          let l = 0;
          for (let c = 0; c < C; c++) l -= td[base + c * inner] * logProbs[base + c * inner];
          losses[item] = l;
          count++;
          continue;
        }
        const cls = td[item];
        if (cls === ignoreIndex) continue;
        if (!Number.isInteger(cls) || cls < 0 || cls >= C) {
          fail(ctx, `target class ${cls} out of range for ${C} classes (expected 0 to ${C - 1}) at item ${item}`);
        }
        losses[item] = -logProbs[base + cls * inner];
        count++;
      }
    }
    // PyTorch divides by the number of items for probability targets, by the kept targets otherwise.
    const denominator = probabilities ? outer * inner : count;
    return {
      output: reduce(losses, reduction, denominator, itemShape),
      saved: { logProbs, x: x!, target: target!, reduction, count: denominator, ignoreIndex, probabilities, C, inner, outer },
    };
  },
  backward(gradOutput, s) {
    const { logProbs, target, C, inner, outer } = s;
    const td = target.data;
    const g = itemGradient(gradOutput, s.reduction, s.count);
    const dx = allocate(logProbs.length, dtypeOf(gradOutput));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * C * inner + i, item = o * inner + i;
        if (!s.probabilities && td[item] === s.ignoreIndex) continue;
        const gi = g(item);
        let targetMass = 1;
        if (s.probabilities) {
          targetMass = 0;
          for (let c = 0; c < C; c++) targetMass += td[base + c * inner];
        }
        for (let c = 0; c < C; c++) {
          const t = s.probabilities ? td[base + c * inner] : c === td[item] ? 1 : 0;
          dx[base + c * inner] = gi * (Math.exp(logProbs[base + c * inner]) * targetMass - t);
        }
      }
    }
    return { x: { shape: [...s.x.shape], data: dx } };
  },
};
