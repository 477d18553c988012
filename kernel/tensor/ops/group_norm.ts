import { fail, formatValue, type OpContext } from "../errors.ts";
import { numberOption } from "../factories/activation.ts";
import { affine, normalizationGrads, normalize, type NormLayout, type NormSaved } from "../factories/normalization.ts";
import { context, defineOp, type BaseOptions, type OpDef, type Shapes } from "../op.ts";
import { formatShape, sizeOf } from "../tensor.ts";

export interface GroupNormOptions extends BaseOptions {
  numGroups?: number;
  eps?: number;
}

function layoutOf(ctx: OpContext, { x, weight, bias }: Shapes, options: GroupNormOptions): { layout: NormLayout; C: number; eps: number } {
  if (!x) fail(ctx, "missing input x");
  if (x.length < 2) fail(ctx, `expected input [N, C, ...], got ${formatShape(x)}`);
  const G = options.numGroups;
  const C = x[1];
  if (typeof G !== "number" || !Number.isInteger(G) || G < 1) fail(ctx, `numGroups must be a positive integer, got ${formatValue(G)}`);
  if (C % G !== 0) fail(ctx, `numGroups ${G} must divide the ${C} channels`);
  for (const [name, s] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (s && (s.length !== 1 || s[0] !== C)) fail(ctx, `expected ${name} [${C}] (one per channel), got ${formatShape(s)}`);
  }
  const S = sizeOf(x.slice(2));
  const size = (C / G) * S;
  return { layout: { groups: x[0] * G, groupStride: size, runs: 1, run: size, runStride: 0, channelSize: S, channels: C }, C, eps: numberOption(ctx, "eps", options.eps, 1e-5) };
}

/** group_norm(x, weight?, bias?, {numGroups, eps = 1e-5}): each sample's channels in numGroups groups, each group to mean 0 and variance 1; then a scale and shift per channel. */
export const group_norm: OpDef<GroupNormOptions, NormSaved> = defineOp({
  name: "group_norm",
  inputs: ["x", "weight", "bias"],
  optional: ["weight", "bias"],
  differentiable: ["x", "weight", "bias"],
  options: ["numGroups", "eps"],
  infer(shapes, options) {
    const ctx = context("group_norm", options);
    const { C } = layoutOf(ctx, shapes, options);
    return { shape: [...shapes.x!], params: (shapes.weight ? C : 0) + (shapes.bias ? C : 0), macs: 0 };
  },
  forward({ x, weight, bias }, options) {
    const ctx = context("group_norm", options);
    const { layout, C, eps } = layoutOf(ctx, { x: x?.shape, weight: weight?.shape, bias: bias?.shape }, options);
    const { xhat, rstd } = normalize(layout, x!.data, eps);
    return {
      output: affine(x!, xhat, layout, weight, bias),
      saved: { xhat, rstd, layout, M: C, paramShape: [C], xShape: [...x!.shape], weight: weight?.data, hasBias: !!bias, fixedStatistics: false },
    };
  },
  backward: (gradOutput, saved, _options, run) => normalizationGrads(gradOutput, saved, run),
});
