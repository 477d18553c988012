import { atLeast, axisNames, fail, perAxis, type OpContext } from "./errors.ts";
import { formatShape } from "./tensor.ts";

/**
 * Sizes of one convolution, always in two spatial axes: a 1-D convolution is a 2-D one
 * with height 1, so a single im2col/GEMM core serves both.
 */
export interface ConvGeometry extends WindowGeometry {
  N: number;
  Cin: number;
  Cout: number;
  groups: number;
}

/** The sliding window of a conv or pool in two spatial axes (height 1 for 1-D). */
export interface WindowGeometry {
  inH: number;
  inW: number;
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  pH: number;
  pW: number;
  dH: number;
  dW: number;
  outH: number;
  outW: number;
}

export interface WindowOptions {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
  dilation?: number | readonly number[];
}

export interface AxisParams {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

/** Validates and widens stride/padding/dilation to one value per spatial axis. */
export function axisParams(ctx: OpContext, spatial: number, kernel: readonly number[], { stride = 1, padding = 0, dilation = 1 }: WindowOptions): AxisParams {
  const s = perAxis(ctx, "stride", stride, spatial);
  const p = perAxis(ctx, "padding", padding, spatial);
  const d = perAxis(ctx, "dilation", dilation, spatial);
  atLeast(ctx, "stride", s, 1);
  atLeast(ctx, "dilation", d, 1);
  atLeast(ctx, "padding", p, 0);
  return { kernel: [...kernel], stride: s, padding: p, dilation: d };
}

/**
 * Output length of a sliding window, floor((L + 2p - d(k-1) - 1) / s) + 1 (ceil in pooling's
 * ceil mode), or a clear error when the window does not fit in the padded input.
 */
export function slidingOutputSize(ctx: OpContext, axis: string, length: number, k: number, s: number, p: number, d: number, ceil = false): number {
  const extent = d * (k - 1) + 1;
  const padded = length + 2 * p;
  if (extent > padded) {
    const kernelText = d > 1 ? `dilated kernel ${extent} (kernel ${k}, dilation ${d})` : `kernel ${k}`;
    const paddedText = p > 0 ? `padded input ${padded} (${axis} ${length} + 2 x padding ${p})` : `input ${padded} (${axis})`;
    fail(ctx, `${kernelText} larger than ${paddedText}`);
  }
  const span = padded - extent;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // In ceil mode the last window must still start inside the input or its left padding.
  if (ceil && (out - 1) * s >= length + p) out--;
  return out;
}

/** Checks an input is [N, C, spatial...] and names the expected layout when it is not. */
export function expectBatched(ctx: OpContext, what: string, shape: readonly number[], spatial: number, channels?: number): void {
  const expected = ["N", channels === undefined ? "C" : String(channels), ...axisNames(spatial)];
  if (shape.length !== spatial + 2) {
    const hint = shape.length === spatial + 1 ? ` (unbatched? add a batch axis: ${formatShape([1, ...shape])})` : "";
    fail(ctx, `expected ${what} ${formatShape(expected)}, got ${formatShape(shape)}${hint}`);
  }
  // An empty batch flows through as in PyTorch (an empty result); an empty channel or
  // spatial axis has no window to compute and is refused, as PyTorch refuses it.
  if (shape.some((d, i) => !Number.isInteger(d) || d < (i === 0 ? 0 : 1))) {
    fail(ctx, `expected ${what} ${formatShape(expected)} with every size >= 1 (N may be 0), got ${formatShape(shape)}`);
  }
  if (channels !== undefined && shape[1] !== channels) {
    const channelsLast = shape[shape.length - 1] === channels ? ` (channels last? use ${formatShape(["N", "C", ...axisNames(spatial)])})` : "";
    fail(ctx, `expected ${what} ${formatShape(expected)}, got ${formatShape(shape)}${channelsLast}`);
  }
}

/** Lifts per-axis values of a 1-D or 2-D op to the 2-D core (height 1 for 1-D). */
export function lift2d(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0]] : [values[0], values[1]];
}

/** The window of a 1-D or 2-D op, per spatial axis, as the 2-D geometry the cores use. */
export function windowGeometry(inSizes: readonly number[], outSizes: readonly number[], p: AxisParams): WindowGeometry {
  const [inH, inW] = lift2d(inSizes, 1);
  const [kH, kW] = lift2d(p.kernel, 1);
  const [sH, sW] = lift2d(p.stride, 1);
  const [pH, pW] = lift2d(p.padding, 0);
  const [dH, dW] = lift2d(p.dilation, 1);
  const [outH, outW] = lift2d(outSizes, 1);
  return { inH, inW, kH, kW, sH, sW, pH, pW, dH, dW, outH, outW };
}
