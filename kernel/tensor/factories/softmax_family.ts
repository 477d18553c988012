import { forEachLine, resolveDim } from "../dims.ts";
import { fail } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, type Data, type Tensor } from "../tensor.ts";

export interface SoftmaxOptions extends BaseOptions {
  /** Defaults to 1 (the class axis of [N, C, ...]); 0 for a vector. */
  dim?: number;
}

function dimOf(name: string, shape: readonly number[], options: SoftmaxOptions): number {
  const ctx = context(name, options);
  if (shape.length === 0) fail(ctx, "expected a tensor of rank >= 1, got a scalar");
  return resolveDim(ctx, "dim", options.dim === undefined ? (shape.length === 1 ? 0 : 1) : options.dim, shape.length);
}

/** Writes log-softmax (log = true) or softmax of each line of x along dim into y, max-shifted for stability. */
export function normalise(x: Data, y: Data, shape: readonly number[], dim: number, log: boolean): void {
  forEachLine(shape, dim, (start, step, length) => {
    let max = -Infinity;
    for (let i = 0, j = start; i < length; i++, j += step) if (x[j] > max || x[j] !== x[j]) max = x[j];
    let sum = 0;
    for (let i = 0, j = start; i < length; i++, j += step) sum += Math.exp(x[j] - max);
    const logSum = Math.log(sum);
    for (let i = 0, j = start; i < length; i++, j += step) {
      y[j] = log ? x[j] - max - logSum : Math.exp(x[j] - max) / sum;
    }
  });
}

/** softmax and log_softmax: the same normalisation, differing in output and Jacobian. */
export function softmaxFamily(name: string, log: boolean): OpDef<SoftmaxOptions, { y: Tensor; dim: number }> {
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options: ["dim"],
    infer({ x }, options) {
      if (!x) fail(context(name, options), "missing input x");
      // Along the class axis each position is normalised alone: the receptive field is unchanged.
      // Along a spatial axis every position sees the whole axis.
      const dim = dimOf(name, x, options);
      return { shape: [...x], params: 0, macs: 0, windows: dim <= 1 ? undefined : null };
    },
    forward({ x }, options) {
      if (!x) fail(context(name, options), "missing input x");
      const dim = dimOf(name, x.shape, options);
      const y = allocate(x.data.length, dtypeOf(x));
      normalise(x.data, y, x.shape, dim, log);
      const output = { shape: [...x.shape], data: y };
      return { output, saved: { y: output, dim } };
    },
    backward(gradOutput, { y, dim }) {
      const g = gradOutput.data,
        yd = y.data;
      const dx = allocate(g.length, dtypeOf(gradOutput));
      forEachLine(y.shape, dim, (start, step, length) => {
        let s = 0;
        if (log) {
          // d/dx of log_softmax: g - softmax · Σg
          for (let i = 0, j = start; i < length; i++, j += step) s += g[j];
          for (let i = 0, j = start; i < length; i++, j += step) dx[j] = g[j] - Math.exp(yd[j]) * s;
        } else {
          // d/dx of softmax: y ⊙ (g - Σ g·y)
          for (let i = 0, j = start; i < length; i++, j += step) s += g[j] * yd[j];
          for (let i = 0, j = start; i < length; i++, j += step) dx[j] = yd[j] * (g[j] - s);
        }
      });
      return { x: { shape: [...y.shape], data: dx } };
    },
  });
}
