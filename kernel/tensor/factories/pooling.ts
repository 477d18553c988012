import { expectBatched, slidingOutputSize, windowGeometry, type WindowGeometry } from "../conv_geometry.ts";
import { atLeast, axisNames, booleanOption, fail, formatValue, perAxis, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef, type ShapeInfo } from "../op.ts";
import { allocate, dtypeOf, sizeOf, type Data, type Tensor } from "../tensor.ts";

export interface PoolOptions extends BaseOptions {
  kernelSize: number | readonly number[];
  /** Defaults to kernelSize, as in PyTorch. */
  stride?: number | readonly number[] | null;
  padding?: number | readonly number[];
  /** Max pooling only (defineOp rejects it for average pooling). */
  dilation?: number | readonly number[];
  ceilMode?: boolean;
  /** Average pooling only: padded zeros count in the divisor (PyTorch's default). */
  countIncludePad?: boolean;
  /** Average pooling only: divide by this instead of the window size. */
  divisorOverride?: number | null;
}

/** Pooling sizes lifted to two spatial axes (height 1 for 1-D). */
export interface PoolGeometry extends WindowGeometry {
  N: number;
  C: number;
}

type Kind = "max" | "avg";

function poolGeometry(
  ctx: OpContext,
  kind: Kind,
  spatial: number,
  x: readonly number[] | undefined,
  o: PoolOptions,
): {
  g: PoolGeometry;
  outShape: number[];
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
} {
  if (!x) fail(ctx, "missing input x");
  if (o.kernelSize === undefined) fail(ctx, "kernelSize is required");
  expectBatched(ctx, "input", x, spatial);
  const kernel = perAxis(ctx, "kernelSize", o.kernelSize, spatial);
  atLeast(ctx, "kernelSize", kernel, 1);
  // null is PyTorch's stride=None: the kernel size. Elsewhere null is no default and is refused.
  const stride = o.stride === undefined || o.stride === null ? kernel : perAxis(ctx, "stride", o.stride, spatial);
  atLeast(ctx, "stride", stride, 1);
  const padding = perAxis(ctx, "padding", o.padding === undefined ? 0 : o.padding, spatial);
  atLeast(ctx, "padding", padding, 0);
  const dilation = kind === "max" ? perAxis(ctx, "dilation", o.dilation === undefined ? 1 : o.dilation, spatial) : kernel.map(() => 1);
  atLeast(ctx, "dilation", dilation, 1);
  const ceilMode = booleanOption(ctx, "ceilMode", o.ceilMode, false);
  booleanOption(ctx, "countIncludePad", o.countIncludePad, true);
  const divisor: unknown = o.divisorOverride;
  if (divisor !== undefined && divisor !== null && (typeof divisor !== "number" || !Number.isFinite(divisor) || divisor === 0)) {
    fail(ctx, `divisorOverride must be a finite non-zero number, got ${formatValue(divisor)}`);
  }
  const names = axisNames(spatial);
  kernel.forEach((k, i) => {
    // PyTorch's rule: padding may cover at most half the (dilated) window, so no window is all padding.
    const half = Math.floor((dilation[i] * (k - 1) + 1) / 2);
    if (padding[i] > half) fail(ctx, `padding ${padding[i]} must be at most half the kernel (${half}) on ${names[i]}`);
  });
  const inSizes = x.slice(2);
  const outSizes = inSizes.map((L, i) => slidingOutputSize(ctx, names[i], L, kernel[i], stride[i], padding[i], dilation[i], ceilMode));
  return {
    g: { N: x[0], C: x[1], ...windowGeometry(inSizes, outSizes, { kernel, stride, padding, dilation }) },
    outShape: [x[0], x[1], ...outSizes],
    kernel,
    stride,
    padding,
    dilation,
  };
}

/** Max pooling: the index (within its plane) of each window's maximum; ties go to the first in row-major order. */
export function maxForward(g: PoolGeometry, x: Data, out: Data, argmax: Int32Array): void {
  const inPlane = g.inH * g.inW,
    outPlane = g.outH * g.outW;
  for (let plane = 0; plane < g.N * g.C; plane++) {
    const xOff = plane * inPlane;
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        let best = -Infinity,
          at = -1;
        for (let ki = 0; ki < g.kH; ki++) {
          const ih = oh * g.sH - g.pH + ki * g.dH;
          if (ih < 0 || ih >= g.inH) continue;
          for (let kj = 0; kj < g.kW; kj++) {
            const iw = ow * g.sW - g.pW + kj * g.dW;
            if (iw < 0 || iw >= g.inW) continue;
            const v = x[xOff + ih * g.inW + iw];
            // NaN wins, as in PyTorch, so it propagates; `at < 0` takes a first -Infinity.
            if (v > best || at < 0 || v !== v) {
              best = v;
              at = ih * g.inW + iw;
              if (v !== v) break;
            }
          }
          if (best !== best) break;
        }
        const o = plane * outPlane + oh * g.outW + ow;
        out[o] = best;
        argmax[o] = at;
      }
    }
  }
}

/** Max pooling's gradient: each output's gradient added where its maximum came from (dx starts zeroed). */
export function maxBackward(g: PoolGeometry, gd: Data, argmax: Int32Array, dx: Data): void {
  const inPlane = g.inH * g.inW,
    outPlane = g.outH * g.outW;
  for (let plane = 0, o = 0; plane < g.N * g.C; plane++) {
    const base = plane * inPlane;
    for (let end = o + outPlane; o < end; o++) {
      const at = argmax[o];
      if (at >= 0) dx[base + at] += gd[o];
    }
  }
}

function avgDivisor(g: PoolGeometry, o: PoolOptions, oh: number, ow: number): number {
  if (o.divisorOverride) return o.divisorOverride;
  const h0 = oh * g.sH - g.pH,
    w0 = ow * g.sW - g.pW;
  const h1 = Math.min(h0 + g.kH, g.inH + g.pH),
    w1 = Math.min(w0 + g.kW, g.inW + g.pW);
  if (o.countIncludePad ?? true) return (h1 - h0) * (w1 - w0);
  return (Math.min(h1, g.inH) - Math.max(h0, 0)) * (Math.min(w1, g.inW) - Math.max(w0, 0));
}

/** Visits each window of each plane with its clipped input range and divisor. */
function eachAvgWindow(g: PoolGeometry, o: PoolOptions, visit: (inOff: number, outIndex: number, h0: number, h1: number, w0: number, w1: number, divisor: number) => void): void {
  const inPlane = g.inH * g.inW,
    outPlane = g.outH * g.outW;
  for (let plane = 0; plane < g.N * g.C; plane++) {
    for (let oh = 0; oh < g.outH; oh++) {
      const h0 = Math.max(oh * g.sH - g.pH, 0),
        h1 = Math.min(oh * g.sH - g.pH + g.kH, g.inH);
      for (let ow = 0; ow < g.outW; ow++) {
        const w0 = Math.max(ow * g.sW - g.pW, 0),
          w1 = Math.min(ow * g.sW - g.pW + g.kW, g.inW);
        visit(plane * inPlane, plane * outPlane + oh * g.outW + ow, h0, h1, w0, w1, avgDivisor(g, o, oh, ow));
      }
    }
  }
}

export interface Saved {
  xShape: number[];
  g: PoolGeometry;
  argmax?: Int32Array;
}

/** Max pooling's loops (a backend may bring its own; maxForward and maxBackward above are the reference). */
export interface MaxLoops {
  forward: typeof maxForward;
  backward: typeof maxBackward;
}

/** max_pool1d/2d and avg_pool1d/2d over the number of spatial axes. */
export function pooling(name: string, kind: Kind, spatial: number, maxLoops: MaxLoops = { forward: maxForward, backward: maxBackward }): OpDef<PoolOptions, Saved> {
  return defineOp<PoolOptions, Saved>({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options: kind === "max" ? ["kernelSize", "stride", "padding", "dilation", "ceilMode"] : ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"],

    infer({ x }, options): ShapeInfo {
      const { outShape, kernel, stride, padding, dilation } = poolGeometry(context(name, options), kind, spatial, x, options);
      return {
        shape: outShape,
        params: 0,
        macs: 0,
        windows: kernel.map((k, i) => ({ kernel: dilation[i] * (k - 1) + 1, stride: stride[i], padding: padding[i] })),
      };
    },

    forward({ x }, options) {
      const { g, outShape } = poolGeometry(context(name, options), kind, spatial, x?.shape, options);
      const input = x!;
      const out = allocate(sizeOf(outShape), dtypeOf(input));
      if (kind === "max") {
        const argmax = new Int32Array(out.length);
        maxLoops.forward(g, input.data, out, argmax);
        return { output: { shape: outShape, data: out }, saved: { xShape: [...input.shape], g, argmax } };
      }
      const xd = input.data;
      eachAvgWindow(g, options, (inOff, oi, h0, h1, w0, w1, divisor) => {
        let s = 0;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s += xd[inOff + h * g.inW + w];
        out[oi] = s / divisor;
      });
      return { output: { shape: outShape, data: out }, saved: { xShape: [...input.shape], g } };
    },

    backward(gradOutput, { xShape, g, argmax }, options) {
      const dx = allocate(sizeOf(xShape), dtypeOf(gradOutput));
      const gd = gradOutput.data;
      if (argmax) {
        maxLoops.backward(g, gd, argmax, dx);
      } else {
        eachAvgWindow(g, options, (inOff, oi, h0, h1, w0, w1, divisor) => {
          const share = gd[oi] / divisor;
          for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) dx[inOff + h * g.inW + w] += share;
        });
      }
      return { x: { shape: [...xShape], data: dx } satisfies Tensor };
    },
  });
}
