import { fail, formatValue, type OpContext } from "../errors.ts";
import { numberOption } from "../factories/activation.ts";
import { affine, normalizationGrads, normalize, type NormLayout, type NormSaved } from "../factories/normalization.ts";
import { context, defineOp, type BaseOptions, type OpDef, type Shapes } from "../op.ts";
import { formatShape, sizeOf } from "../tensor.ts";

export interface LayerNormOptions extends BaseOptions {
  /** The trailing axes normalised together (their sizes, as torch's normalized_shape). */
  normalizedShape?: number[] | number;
  eps?: number;
}

function layoutOf(ctx: OpContext, { x, weight, bias }: Shapes, options: LayerNormOptions): { layout: NormLayout; M: number; eps: number } {
  if (!x) fail(ctx, "missing input x");
  const raw = options.normalizedShape;
  const shape = typeof raw === "number" ? [raw] : raw;
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 1)) {
    fail(ctx, `normalizedShape must be a size or a list of sizes, got ${formatValue(raw)}`);
  }
  const tail = x.slice(x.length - shape.length);
  if (shape.length > x.length || tail.some((d, i) => d !== shape[i])) fail(ctx, `normalizedShape ${formatShape(shape)} must be the last axes of the input ${formatShape(x)}`);
  for (const [name, s] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (s && (s.length !== shape.length || s.some((d, i) => d !== shape[i]))) fail(ctx, `expected ${name} ${formatShape(shape)} (normalizedShape), got ${formatShape(s)}`);
  }
  const M = sizeOf(shape);
  const groups = M === 0 ? 0 : sizeOf(x) / M;
  return { layout: { groups, groupStride: M, runs: 1, run: M, runStride: 0, channelSize: 1, channels: M }, M, eps: numberOption(ctx, "eps", options.eps, 1e-5) };
}

const shapeLength = (options: LayerNormOptions) => (typeof options.normalizedShape === "number" ? 1 : (options.normalizedShape?.length ?? 0));

/** layer_norm(x, weight?, bias?, {normalizedShape, eps = 1e-5}): each sample's trailing axes to mean 0 and variance 1, then scaled and shifted. */
export const layer_norm: OpDef<LayerNormOptions, NormSaved> = defineOp({
  name: "layer_norm",
  inputs: ["x", "weight", "bias"],
  optional: ["weight", "bias"],
  differentiable: ["x", "weight", "bias"],
  options: ["normalizedShape", "eps"],
  infer(shapes, options) {
    const ctx = context("layer_norm", options);
    const { M } = layoutOf(ctx, shapes, options);
    return { shape: [...shapes.x!], params: (shapes.weight ? M : 0) + (shapes.bias ? M : 0), macs: 0 };
  },
  forward({ x, weight, bias }, options) {
    const ctx = context("layer_norm", options);
    const { layout, M, eps } = layoutOf(ctx, { x: x?.shape, weight: weight?.shape, bias: bias?.shape }, options);
    const { xhat, rstd } = normalize(layout, x!.data, eps);
    const paramShape = x!.shape.slice(x!.shape.length - shapeLength(options));
    return {
      output: affine(x!, xhat, layout, weight, bias),
      saved: { xhat, rstd, layout, M, paramShape, xShape: [...x!.shape], weight: weight?.data, hasBias: !!bias, fixedStatistics: false },
    };
  },
  backward: (gradOutput, saved, _options, run) => normalizationGrads(gradOutput, saved, run),
});
