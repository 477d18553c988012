import { fail, formatValue, type OpContext } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf } from "../tensor.ts";

export interface PadOptions extends BaseOptions {
  /** As F.pad: [left, right] of the last axis, then [top, bottom] of the one before, ... */
  pad?: number[];
  mode?: "constant" | "reflect" | "replicate";
  /** The constant mode's fill (0). */
  value?: number;
}

export interface PadPlan {
  shape: number[];
  /** Per axis, for each output index, the input index it reads (-1: the constant). */
  sources: Int32Array[];
  mode: string;
  value: number;
}

function planOf(ctx: OpContext, x: readonly number[], options: PadOptions): PadPlan {
  const { pad } = options;
  const mode = options.mode === undefined ? "constant" : options.mode;
  if (mode !== "constant" && mode !== "reflect" && mode !== "replicate") fail(ctx, `mode must be "constant", "reflect" or "replicate", got ${formatValue(mode)}`);
  if (!Array.isArray(pad) || pad.length === 0 || pad.length % 2 !== 0 || pad.some((p) => typeof p !== "number" || !Number.isInteger(p))) {
    fail(ctx, `pad must be a list of integers in pairs (last axis first: [left, right, top, bottom, ...]), got ${formatValue(pad)}`);
  }
  if (pad.length / 2 > x.length) fail(ctx, `pad ${formatValue(pad)} pads ${pad.length / 2} axes but the input ${formatShape(x)} has ${x.length}`);
  // null is PyTorch's None: the default 0.
  const value = options.value ?? 0;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(ctx, `value must be a finite number, got ${formatValue(value)}`);
  if (mode !== "constant" && pad.some((p) => p < 0)) fail(ctx, `${mode} padding must not be negative, got ${formatValue(pad)}`);
  const shape = [...x];
  const sources = x.map((n) => Int32Array.from({ length: n }, (_, i) => i));
  for (let k = 0; k < pad.length / 2; k++) {
    const axis = x.length - 1 - k;
    const n = x[axis],
      before = pad[2 * k],
      after = pad[2 * k + 1];
    const size = n + before + after;
    if (size < 0) fail(ctx, `pad ${formatValue(pad)} leaves axis ${axis} (size ${n}) with ${size} elements`);
    if (mode === "reflect" && (before >= n || after >= n)) fail(ctx, `reflect padding must be less than the axis it pads: axis ${axis} has ${n}, padding ${before} and ${after}`);
    if (mode === "replicate" && n === 0 && size > 0) fail(ctx, `replicate padding needs a non-empty axis ${axis}`);
    shape[axis] = size;
    sources[axis] = Int32Array.from({ length: size }, (_, o) => {
      const i = o - before;
      if (i >= 0 && i < n) return i;
      if (mode === "constant") return -1;
      if (mode === "replicate") return i < 0 ? 0 : n - 1;
      return i < 0 ? -i : 2 * (n - 1) - i; // reflect: mirrored, the edge not repeated
    });
  }
  return { shape, sources, mode, value };
}

/** Visits every output element with the input element it reads (-1: the constant). */
function eachSource(x: readonly number[], plan: PadPlan, visit: (o: number, i: number) => void): void {
  const rank = x.length;
  const strides = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a--) strides[a] = strides[a + 1] * x[a + 1];
  const index = new Array<number>(rank).fill(0);
  const total = sizeOf(plan.shape);
  for (let o = 0; o < total; o++) {
    let at = 0;
    for (let a = 0; a < rank; a++) {
      const s = plan.sources[a][index[a]];
      if (s < 0) {
        at = -1;
        break;
      }
      at += s * strides[a];
    }
    visit(o, at);
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a] < plan.shape[a]) break;
      index[a] = 0;
    }
  }
}

/** pad(x, {pad, mode = "constant", value = 0}): F.pad's constant, reflect and replicate padding. */
export const pad: OpDef<PadOptions, { plan: PadPlan; xShape: number[] }> = defineOp({
  name: "pad",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["pad", "mode", "value"],
  infer({ x }, options) {
    const ctx = context("pad", options);
    if (!x) fail(ctx, "missing input x");
    const plan = planOf(ctx, x, options);
    // Padding the spatial axes shifts where each output unit's field starts, as a 1-wide
    // window with that padding would; padding the batch or channel axes is not a window.
    const pads = options.pad ?? [];
    const before = (axis: number) => pads[2 * (x.length - 1 - axis)] ?? 0;
    const spatialOnly = x.slice(0, 2).every((_, axis) => before(axis) === 0 && (pads[2 * (x.length - 1 - axis) + 1] ?? 0) === 0);
    return { shape: plan.shape, params: 0, macs: 0, windows: spatialOnly ? x.slice(2).map((_, i) => ({ kernel: 1, stride: 1, padding: before(i + 2) })) : null };
  },
  forward({ x }, options) {
    const ctx = context("pad", options);
    if (!x) fail(ctx, "missing input x");
    const plan = planOf(ctx, x.shape, options);
    const out = allocate(sizeOf(plan.shape), dtypeOf(x));
    const xd = x.data;
    eachSource(x.shape, plan, (o, i) => {
      out[o] = i < 0 ? plan.value : xd[i];
    });
    return { output: { shape: plan.shape, data: out }, saved: { plan, xShape: [...x.shape] } };
  },
  backward(gradOutput, { plan, xShape }) {
    const g = gradOutput.data;
    const dx = allocate(sizeOf(xShape), dtypeOf(gradOutput));
    eachSource(xShape, plan, (o, i) => {
      if (i >= 0) dx[i] += g[o];
    });
    return { x: { shape: [...xShape], data: dx } };
  },
});
