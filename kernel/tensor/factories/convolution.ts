import { channelSums } from "../conv_core.ts";
import { referenceConvCores, type ConvCores } from "../conv_cores.ts";
import { axisParams, expectBatched, slidingOutputSize, windowGeometry, type AxisParams, type ConvGeometry, type WindowOptions } from "../conv_geometry.ts";
import { axisNames, fail, formatValue, integerOption, type OpContext } from "../errors.ts";
import { context, defineOp, wants, type BaseOptions, type OpDef, type Shapes, type ShapeInfo } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Tensor } from "../tensor.ts";

export interface ConvOptions extends BaseOptions, Omit<WindowOptions, "padding"> {
  /** Zeros on each side per axis, or "valid" (none) or "same" (output as long as input; stride 1 only). */
  padding?: number | readonly number[] | "same" | "valid";
  groups?: number;
}

export interface ConvSaved {
  x: Tensor;
  weight: Tensor;
  hasBias: boolean;
  geometry: ConvGeometry;
}

/** Checks x, weight and bias shapes and options; returns the 2-D geometry of the op. */
export function convGeometry(ctx: OpContext, spatial: number, shapes: Shapes, options: ConvOptions): { geometry: ConvGeometry; outShape: number[]; axes: AxisParams } {
  const x = shapes.x,
    w = shapes.weight,
    b = shapes.bias;
  if (!x) fail(ctx, "missing input x");
  if (!w) fail(ctx, "missing weight");
  const groups = integerOption(ctx, "groups", options.groups === undefined ? 1 : options.groups, 1);
  const kNames = axisNames(spatial).map((a) => `k${a}`);
  if (w.length !== spatial + 2) {
    fail(ctx, `expected weight ${formatShape(["Cout", "Cin/groups", ...kNames])}, got ${formatShape(w)}`);
  }
  if (w.some((d) => !Number.isInteger(d) || d < 1)) fail(ctx, `weight sizes must be >= 1, got ${formatShape(w)}`);
  const [Cout, CinPerGroup] = w;
  if (Cout % groups !== 0) fail(ctx, `groups ${groups} must divide output channels ${Cout} (weight ${formatShape(w)})`);
  expectBatched(ctx, "input", x, spatial);
  const Cin = x[1];
  if (Cin % groups !== 0) fail(ctx, `groups ${groups} must divide input channels ${Cin} (input ${formatShape(x)})`);
  expectBatched(ctx, "input", x, spatial, CinPerGroup * groups);
  if (b && (b.length !== 1 || b[0] !== Cout)) fail(ctx, `expected bias [${Cout}], got ${formatShape(b)}`);
  const kernel = w.slice(2);
  const padding: unknown = options.padding;
  const mode = typeof padding === "string" ? padding : null;
  const numeric = padding === undefined || typeof padding === "number" || Array.isArray(padding);
  if (mode !== "same" && mode !== "valid" && !numeric) {
    const n = spatial > 1 ? `${spatial} integers` : "1 integer";
    fail(ctx, `padding must be a number, a list of ${n}, "same" or "valid", got ${formatValue(padding)}`);
  }
  const ap = axisParams(ctx, spatial, kernel, { ...options, padding: mode === null ? (options.padding as WindowOptions["padding"]) : 0 });
  const inSizes = x.slice(2);
  const names = axisNames(spatial);
  let outSizes: number[];
  if (mode === "same") {
    if (ap.stride.some((s) => s !== 1)) fail(ctx, `padding "same" needs stride 1, got ${formatValue(ap.stride)}`);
    // As PyTorch: d(k-1) zeros in all, the odd one after; the cores take the before side
    // and the output size, which fixes the after side.
    ap.padding = kernel.map((k, i) => Math.floor((ap.dilation[i] * (k - 1)) / 2));
    outSizes = [...inSizes];
  } else {
    outSizes = inSizes.map((L, i) => slidingOutputSize(ctx, names[i], L, kernel[i], ap.stride[i], ap.padding[i], ap.dilation[i]));
  }
  return {
    geometry: { N: x[0], Cin, Cout, groups, ...windowGeometry(inSizes, outSizes, ap) },
    outShape: [x[0], Cout, ...outSizes],
    axes: ap,
  };
}

/** conv1d and conv2d: one definition over the number of spatial axes, its loops from a backend. */
export function convolution(name: string, spatial: number, cores: ConvCores = referenceConvCores): OpDef<ConvOptions, ConvSaved> {
  return defineOp({
    name,
    inputs: ["x", "weight", "bias"],
    optional: ["bias"],
    differentiable: ["x", "weight", "bias"],
    options: ["stride", "padding", "dilation", "groups"],

    infer(shapes, options): ShapeInfo {
      const ctx = context(name, options);
      const { geometry: g, outShape, axes: ap } = convGeometry(ctx, spatial, shapes, options);
      const weightSize = sizeOf(shapes.weight!);
      return {
        shape: outShape,
        params: weightSize + (shapes.bias ? g.Cout : 0),
        macs: g.N * g.outH * g.outW * weightSize,
        windows: ap.kernel.map((k, i) => ({
          kernel: ap.dilation[i] * (k - 1) + 1,
          stride: ap.stride[i],
          padding: ap.padding[i],
        })),
      };
    },

    forward({ x, weight, bias }, options, run) {
      const ctx = context(name, options);
      const { geometry, outShape } = convGeometry(
        ctx,
        spatial,
        {
          x: x?.shape,
          weight: weight?.shape,
          bias: bias?.shape,
        },
        options,
      );
      const out = allocate(sizeOf(outShape), dtypeOf(x!));
      cores.forward(geometry, x!.data, weight!.data, bias?.data, out, run?.checkpoint, context(name, options));
      return { output: { shape: outShape, data: out }, saved: { x: x!, weight: weight!, hasBias: !!bias, geometry } };
    },

    backward(gradOutput, { x, weight, hasBias, geometry: g }, options, run) {
      const dtype = dtypeOf(gradOutput);
      const grads: Record<string, Tensor> = {};
      if (wants(run, "x")) {
        const dx = allocate(x.data.length, dtype);
        cores.gradInput(g, gradOutput.data, weight.data, dx, run?.checkpoint, context(name, options));
        grads.x = { shape: [...x.shape], data: dx };
      }
      if (wants(run, "weight")) {
        const dw = allocate(weight.data.length, dtype);
        cores.gradWeight(g, gradOutput.data, x.data, dw, run?.checkpoint, context(name, options));
        grads.weight = { shape: [...weight.shape], data: dw };
      }
      if (hasBias && wants(run, "bias")) {
        const db = allocate(g.Cout, dtype);
        channelSums(gradOutput.data, g.N, g.Cout, g.outH * g.outW, db);
        grads.bias = { shape: [g.Cout], data: db };
      }
      return grads;
    },
  });
}
