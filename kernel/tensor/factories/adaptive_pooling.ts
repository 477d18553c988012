import { fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf } from "../tensor.ts";

export interface AdaptivePoolOptions extends BaseOptions {
  /** The output's size per spatial axis (a number for all of them). */
  outputSize?: number | number[];
}

export interface AdaptiveGeometry {
  /** Planes (N · C), and the spatial sizes in and out, height 1 for 1-D. */
  planes: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  shape: number[];
}

function geometry(ctx: OpContext, spatial: number, x: readonly number[], options: AdaptivePoolOptions): AdaptiveGeometry {
  if (x.length !== spatial + 2) fail(ctx, `expected input [N, C, ${spatial === 1 ? "L" : "H, W"}], got ${formatShape(x)}`);
  const sizes = x.slice(2);
  const raw = options.outputSize;
  const list = typeof raw === "number" ? sizes.map(() => raw) : raw;
  if (!Array.isArray(list) || list.length !== spatial || list.some((v) => typeof v !== "number" || !Number.isInteger(v) || v < 1)) {
    fail(ctx, `outputSize must be a positive integer or a list of ${spatial}, got ${formatValue(raw)}`);
  }
  const out = list as number[];
  if (sizes.some((s) => s === 0)) fail(ctx, `cannot pool an empty input ${formatShape(x)}`);
  const [inH, inW] = spatial === 1 ? [1, sizes[0]] : sizes;
  const [outH, outW] = spatial === 1 ? [1, out[0]] : out;
  return { planes: x[0] * x[1], inH, inW, outH, outW, shape: [x[0], x[1], ...out] };
}

/** PyTorch's window of output i of `out` over `size` inputs: [floor(i·size/out), ceil((i+1)·size/out)). */
const start = (i: number, size: number, out: number) => Math.floor((i * size) / out);
const end = (i: number, size: number, out: number) => Math.ceil(((i + 1) * size) / out);

/** Visits each output o with its plane's offset and its window's rows [h0, h1) and columns [w0, w1). */
function eachWindow(g: AdaptiveGeometry, visit: (o: number, base: number, h0: number, h1: number, w0: number, w1: number) => void): void {
  for (let p = 0, o = 0; p < g.planes; p++) {
    const base = p * g.inH * g.inW;
    for (let oh = 0; oh < g.outH; oh++) {
      const h0 = start(oh, g.inH, g.outH),
        h1 = end(oh, g.inH, g.outH);
      for (let ow = 0; ow < g.outW; ow++, o++) visit(o, base, h0, h1, start(ow, g.inW, g.outW), end(ow, g.inW, g.outW));
    }
  }
}

/** adaptive_avg_pool1d/2d and adaptive_max_pool1d/2d: a given output size, windows as PyTorch cuts them. */
export function adaptivePooling(name: string, kind: "avg" | "max", spatial: number): OpDef<AdaptivePoolOptions, { g: AdaptiveGeometry; xShape: number[]; argmax?: Int32Array }> {
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options: ["outputSize"],
    infer({ x }, options) {
      const ctx = context(name, options);
      if (!x) fail(ctx, "missing input x");
      return { shape: geometry(ctx, spatial, x, options).shape, params: 0, macs: 0, windows: null };
    },
    forward({ x }, options) {
      const ctx = context(name, options);
      if (!x) fail(ctx, "missing input x");
      const g = geometry(ctx, spatial, x.shape, options);
      const out = allocate(sizeOf(g.shape), dtypeOf(x));
      const argmax = kind === "max" ? new Int32Array(out.length) : undefined;
      const xd = x.data;
      eachWindow(g, (o, base, h0, h1, w0, w1) => {
        let acc = kind === "max" ? Number.NEGATIVE_INFINITY : 0,
          at = -1;
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const v = xd[base + h * g.inW + w];
            if (kind === "avg") acc += v;
            else if (at < 0 || v > acc || (v !== v && acc === acc)) {
              // The first maximum; a NaN wins and propagates.
              acc = v;
              at = h * g.inW + w;
            }
          }
        }
        out[o] = kind === "avg" ? acc / ((h1 - h0) * (w1 - w0)) : acc;
        if (argmax) argmax[o] = at;
      });
      return { output: { shape: g.shape, data: out }, saved: { g, xShape: [...x.shape], argmax } };
    },
    backward(gradOutput, { g, xShape, argmax }) {
      const gd = gradOutput.data;
      const dx = allocate(sizeOf(xShape), dtypeOf(gradOutput));
      eachWindow(g, (o, base, h0, h1, w0, w1) => {
        if (argmax) {
          dx[base + argmax[o]] += gd[o];
          return;
        }
        const share = gd[o] / ((h1 - h0) * (w1 - w0));
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) dx[base + h * g.inW + w] += share;
      });
      return { x: { shape: [...xShape], data: dx } };
    },
  });
}
