import { booleanOption, fail, type OpContext } from "../errors.ts";
import { numberOption } from "../factories/activation.ts";
import { affine, eachChannelBlock, normalizationGrads, normalize, type NormLayout, type NormSaved } from "../factories/normalization.ts";
import { context, defineOp, type BaseOptions, type OpDef, type Shapes } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Tensor } from "../tensor.ts";

export interface BatchNormOptions extends BaseOptions {
  /** Batch statistics (and running statistics updated) when true; the running statistics when false. */
  training?: boolean;
  momentum?: number;
  eps?: number;
}

function layoutOf(ctx: OpContext, { x, weight, bias, runningMean, runningVar }: Shapes): { layout: NormLayout; C: number; count: number } {
  if (!x) fail(ctx, "missing input x");
  if (x.length < 2 || x.length > 4) fail(ctx, `expected input [N, C], [N, C, L] or [N, C, H, W], got ${formatShape(x)}`);
  const C = x[1];
  for (const [name, s] of [
    ["weight", weight],
    ["bias", bias],
    ["runningMean", runningMean],
    ["runningVar", runningVar],
  ] as const) {
    if (s && (s.length !== 1 || s[0] !== C)) fail(ctx, `expected ${name} [${C}] (one per channel), got ${formatShape(s)}`);
  }
  const N = x[0],
    S = sizeOf(x.slice(2));
  // Channel c across the batch and the positions: element k = n·S + s.
  return { layout: { groups: C, groupStride: S, runs: N, run: S, runStride: C * S, channelSize: S, channels: C }, C, count: N * S };
}

function settingsOf(ctx: OpContext, options: BatchNormOptions) {
  return {
    training: booleanOption(ctx, "training", options.training, false),
    momentum: numberOption(ctx, "momentum", options.momentum, 0.1),
    eps: numberOption(ctx, "eps", options.eps, 1e-5),
  };
}

/**
 * batch_norm(x, weight?, bias?, runningMean?, runningVar?, {training = false, momentum = 0.1, eps = 1e-5}):
 * per channel, over the batch and the positions. Training normalises with the batch's mean and
 * (biased) variance and returns, as the op's `state`, the running statistics PyTorch would
 * keep: (1 - momentum)·running + momentum·batch, the variance unbiased. Evaluation normalises
 * with the running statistics and changes nothing. Training on one value per channel is refused, as PyTorch does.
 */
export const batch_norm: OpDef<BatchNormOptions, NormSaved> = defineOp<BatchNormOptions, NormSaved>({
  name: "batch_norm",
  inputs: ["x", "weight", "bias", "runningMean", "runningVar"],
  optional: ["weight", "bias", "runningMean", "runningVar"],
  differentiable: ["x", "weight", "bias"],
  options: ["training", "momentum", "eps"],
  infer(shapes, options) {
    const ctx = context("batch_norm", options);
    const { C, count } = layoutOf(ctx, shapes);
    // Refused at once, in the calling cell, as in forward.
    if (settingsOf(ctx, options).training && count <= 1) fail(ctx, `expected more than 1 value per channel when training, got input size ${formatShape(shapes.x!)}`);
    return { shape: [...shapes.x!], params: (shapes.weight ? C : 0) + (shapes.bias ? C : 0), macs: 0 };
  },
  forward({ x, weight, bias, runningMean, runningVar }, options) {
    const ctx = context("batch_norm", options);
    const { layout, C, count } = layoutOf(ctx, { x: x?.shape, weight: weight?.shape, bias: bias?.shape, runningMean: runningMean?.shape, runningVar: runningVar?.shape });
    const { training, momentum, eps } = settingsOf(ctx, options);
    const saved = (xhat: Float64Array, rstd: Float64Array): NormSaved => ({
      xhat,
      rstd,
      layout,
      M: C,
      paramShape: [C],
      xShape: [...x!.shape],
      weight: weight?.data,
      hasBias: !!bias,
      fixedStatistics: !training,
    });
    if (training) {
      if (count <= 1) fail(ctx, `expected more than 1 value per channel when training, got input size ${formatShape(x!.shape)}`);
      const { xhat, rstd, mean, variance } = normalize(layout, x!.data, eps);
      let state: Record<string, Tensor> | undefined;
      if (runningMean && runningVar) {
        const dtype = dtypeOf(x!);
        const m = allocate(C, dtype),
          v = allocate(C, dtype);
        for (let c = 0; c < C; c++) {
          m[c] = (1 - momentum) * runningMean.data[c] + momentum * mean[c];
          v[c] = (1 - momentum) * runningVar.data[c] + (momentum * variance[c] * count) / (count - 1);
        }
        state = { runningMean: { shape: [C], data: m }, runningVar: { shape: [C], data: v } };
      }
      return { output: affine(x!, xhat, layout, weight, bias), saved: saved(xhat, rstd), state };
    }
    if (!runningMean || !runningVar) fail(ctx, "evaluation (training: false) needs runningMean and runningVar");
    // Evaluation: fixed statistics, so x̂ is an affine function of x alone.
    const xhat = new Float64Array(x!.data.length);
    const rstd = new Float64Array(C);
    for (let c = 0; c < C; c++) rstd[c] = 1 / Math.sqrt(runningVar.data[c] + eps);
    eachChannelBlock(layout, xhat.length, (c, start, end) => {
      for (let i = start; i < end; i++) xhat[i] = (x!.data[i] - runningMean.data[c]) * rstd[c];
    });
    return { output: affine(x!, xhat, layout, weight, bias), saved: saved(xhat, rstd) };
  },
  backward: (gradOutput, saved, _options, run) => normalizationGrads(gradOutput, saved, run),
});
