import { booleanOption, fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { seededRandom } from "../random.ts";
import { allocate, dtypeOf } from "../tensor.ts";

export interface DropoutOptions extends BaseOptions {
  /** The probability of zeroing an element (0.5). */
  p?: number;
  /** Drop (true) or pass everything through unchanged (false, evaluation; the default, so a notebook says when it trains). */
  training?: boolean;
  /** The mask's seed: the same seed, the same mask (0). */
  seed?: number;
}

export interface DropoutSaved {
  /** Each element's factor in training (0 or 1 / (1 - p)); null in evaluation. */
  scale: Float64Array | null;
  shape: number[];
}

function settings(ctx: OpContext, o: DropoutOptions): { p: number; training: boolean; seed: number } {
  const p = o.p === undefined ? 0.5 : o.p;
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) fail(ctx, `p must be a probability in [0, 1], got ${formatValue(p)}`);
  const seed = o.seed === undefined ? 0 : o.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0) fail(ctx, `seed must be an integer >= 0, got ${formatValue(seed)}`);
  return { p, training: booleanOption(ctx, "training", o.training, false), seed };
}

/**
 * dropout(x, {p = 0.5, training = false, seed = 0}): in training, each element zeroed with
 * probability p and the others scaled by 1 / (1 - p), so the expected value stays (F.dropout);
 * the mask comes from the seed, so a notebook shows the same one until the seed changes. In
 * evaluation, x unchanged. The gradient goes through the kept elements, scaled the same way.
 */
export const dropout: OpDef<DropoutOptions, DropoutSaved> = defineOp<DropoutOptions, DropoutSaved>({
  name: "dropout",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["p", "training", "seed"],
  infer({ x }, options) {
    const ctx = context("dropout", options);
    if (!x) fail(ctx, "missing input x");
    settings(ctx, options);
    return { shape: [...x], params: 0, macs: 0 };
  },
  forward({ x }, options) {
    const ctx = context("dropout", options);
    if (!x) fail(ctx, "missing input x");
    const { p, training, seed } = settings(ctx, options);
    const out = allocate(x.data.length, dtypeOf(x));
    if (!training) {
      out.set(x.data);
      return { output: { shape: [...x.shape], data: out }, saved: { scale: null, shape: [...x.shape] } };
    }
    // Each element's factor: 0 (dropped) or 1 / (1 - p) (kept); p = 1 drops everything.
    const random = seededRandom(seed);
    const keep = p === 1 ? 0 : 1 / (1 - p);
    const scale = new Float64Array(x.data.length);
    for (let i = 0; i < scale.length; i++) {
      scale[i] = random() < p ? 0 : keep;
      out[i] = x.data[i] * scale[i];
    }
    return { output: { shape: [...x.shape], data: out }, saved: { scale, shape: [...x.shape] } };
  },
  backward(gradOutput, { scale, shape }) {
    const g = gradOutput.data;
    const dx = allocate(g.length, dtypeOf(gradOutput));
    for (let i = 0; i < g.length; i++) dx[i] = scale ? g[i] * scale[i] : g[i];
    return { x: { shape: [...shape], data: dx } };
  },
});
