import { booleanOption, fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf } from "../tensor.ts";

export interface InterpolateOptions extends BaseOptions {
  /** The output's spatial size (a number for every axis), or instead scaleFactor. */
  size?: number | number[];
  scaleFactor?: number | number[];
  mode?: "nearest" | "linear" | "bilinear";
  alignCorners?: boolean;
}

/** Per output index along one axis: the two input indices it blends and the second one's weight. */
export interface AxisMap {
  lo: Int32Array;
  hi: Int32Array;
  t: Float64Array;
}

/** PyTorch's source index rules (upsample_nearest / upsample_linear, align_corners or not). */
function axisMap(input: number, output: number, mode: string, alignCorners: boolean, scale?: number): AxisMap {
  const lo = new Int32Array(output),
    hi = new Int32Array(output),
    t = new Float64Array(output);
  // With a scale factor PyTorch uses 1 / scale as the ratio; with a size, input / output.
  const ratio = scale !== undefined ? 1 / scale : input / output;
  for (let o = 0; o < output; o++) {
    if (mode === "nearest") {
      lo[o] = hi[o] = Math.min(Math.floor(o * ratio), input - 1);
      continue;
    }
    const src = alignCorners ? (output > 1 ? (o * (input - 1)) / (output - 1) : 0) : Math.max((o + 0.5) * ratio - 0.5, 0);
    const i0 = Math.min(Math.floor(src), input - 1);
    lo[o] = i0;
    hi[o] = Math.min(i0 + 1, input - 1);
    t[o] = src - i0;
  }
  return { lo, hi, t };
}

export interface InterpolationPlan {
  shape: number[];
  planes: number;
  inH: number;
  inW: number;
  rows: AxisMap;
  cols: AxisMap;
}

function planOf(ctx: OpContext, x: readonly number[], o: InterpolateOptions): InterpolationPlan {
  const spatial = x.length - 2;
  if (spatial !== 1 && spatial !== 2) fail(ctx, `expected input [N, C, L] or [N, C, H, W], got ${formatShape(x)}`);
  const mode = o.mode === undefined ? "nearest" : o.mode;
  if (mode !== "nearest" && mode !== "linear" && mode !== "bilinear") fail(ctx, `mode must be "nearest", "linear" or "bilinear", got ${formatValue(mode)}`);
  if ((mode === "linear" && spatial !== 1) || (mode === "bilinear" && spatial !== 2))
    fail(ctx, `mode "${mode}" is for ${mode === "linear" ? "1-D [N, C, L]" : "2-D [N, C, H, W]"} inputs, got ${formatShape(x)}`);
  const alignCorners = booleanOption(ctx, "alignCorners", o.alignCorners, false);
  if (mode === "nearest" && o.alignCorners !== undefined) fail(ctx, 'alignCorners must be left out for mode "nearest" (it applies to "linear" and "bilinear")');
  const perAxis = (v: unknown, what: string, integer: boolean): number[] | undefined => {
    if (v === undefined || v === null) return undefined;
    const list = typeof v === "number" ? new Array<number>(spatial).fill(v) : v;
    if (!Array.isArray(list) || list.length !== spatial || list.some((n) => typeof n !== "number" || !(n > 0) || (integer && !Number.isInteger(n)))) {
      fail(ctx, `${what} must be a positive ${integer ? "integer" : "number"} or a list of ${spatial}, got ${formatValue(v)}`);
    }
    return list as number[];
  };
  const size = perAxis(o.size, "size", true),
    scale = perAxis(o.scaleFactor, "scaleFactor", false);
  if (!size && !scale) fail(ctx, `size must be given, or scaleFactor (exactly one of them), got ${formatValue(o.size)}`);
  if (size && scale) fail(ctx, "size must be left out when scaleFactor is given (exactly one of them)");
  const ins = x.slice(2);
  const outs = size ?? ins.map((n, i) => Math.floor(n * scale![i]));
  // As PyTorch: a scale that leaves no output position is refused here, not by a later layer.
  outs.forEach((n, i) => {
    if (n < 1 && ins[i] > 0) fail(ctx, `scaleFactor ${formatValue(scale![i])} gives an output size of ${n} for an input of ${ins[i]} along axis ${i + 2} (needs at least 1)`);
  });
  const [inH, inW] = spatial === 1 ? [1, ins[0]] : ins;
  const [outH, outW] = spatial === 1 ? [1, outs[0]] : outs;
  const [sH, sW] = spatial === 1 ? [undefined, scale?.[0]] : [scale?.[0], scale?.[1]];
  return {
    shape: [x[0], x[1], ...outs],
    planes: x[0] * x[1],
    inH,
    inW,
    rows: axisMap(inH, outH, spatial === 1 ? "nearest" : mode, alignCorners, sH),
    cols: axisMap(inW, outW, mode, alignCorners, sW),
  };
}

/** Each output element as a blend of up to four inputs: visit(out, input index, weight). */
function eachTap(plan: InterpolationPlan, visit: (o: number, i: number, w: number) => void): void {
  const { rows, cols, inH, inW } = plan;
  const outH = rows.lo.length,
    outW = cols.lo.length;
  for (let p = 0, o = 0; p < plan.planes; p++) {
    const base = p * inH * inW;
    for (let r = 0; r < outH; r++) {
      const tr = rows.t[r];
      for (let c = 0; c < outW; c++, o++) {
        const tc = cols.t[c];
        visit(o, base + rows.lo[r] * inW + cols.lo[c], (1 - tr) * (1 - tc));
        if (tc) visit(o, base + rows.lo[r] * inW + cols.hi[c], (1 - tr) * tc);
        if (tr) visit(o, base + rows.hi[r] * inW + cols.lo[c], tr * (1 - tc));
        if (tr && tc) visit(o, base + rows.hi[r] * inW + cols.hi[c], tr * tc);
      }
    }
  }
}

/** interpolate(x, {size | scaleFactor, mode = "nearest", alignCorners = false}): F.interpolate for 1-D and 2-D maps. */
export const interpolate: OpDef<InterpolateOptions, { plan: InterpolationPlan; xShape: number[] }> = defineOp({
  name: "interpolate",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["size", "scaleFactor", "mode", "alignCorners"],
  infer({ x }, options) {
    const ctx = context("interpolate", options);
    if (!x) fail(ctx, "missing input x");
    const { shape } = planOf(ctx, x, options);
    // For receptive fields: an output reads one input (nearest) or two neighbours per axis
    // (linear), and a step along the output is input/output steps along the input. A scale
    // that is not an integer makes this an approximation (fields can be fractional).
    const reads = (options.mode ?? "nearest") === "nearest" ? 1 : 2;
    const windows = x.slice(2).map((n, i) => ({ kernel: reads, stride: n / shape[i + 2], padding: 0 }));
    return { shape, params: 0, macs: 0, windows };
  },
  forward({ x }, options) {
    const ctx = context("interpolate", options);
    if (!x) fail(ctx, "missing input x");
    const plan = planOf(ctx, x.shape, options);
    const out = allocate(sizeOf(plan.shape), dtypeOf(x));
    const xd = x.data;
    eachTap(plan, (o, i, w) => {
      out[o] += w * xd[i];
    });
    return { output: { shape: plan.shape, data: out }, saved: { plan, xShape: [...x.shape] } };
  },
  backward(gradOutput, { plan, xShape }) {
    const g = gradOutput.data;
    const dx = allocate(sizeOf(xShape), dtypeOf(gradOutput));
    eachTap(plan, (o, i, w) => {
      dx[i] += w * g[o];
    });
    return { x: { shape: [...xShape], data: dx } };
  },
});
