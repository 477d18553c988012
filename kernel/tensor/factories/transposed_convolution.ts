import { channelSums } from "../conv_core.ts";
import { referenceConvCores, type ConvCores } from "../conv_cores.ts";
import { axisParams, expectBatched, windowGeometry, type ConvGeometry, type WindowOptions } from "../conv_geometry.ts";
import { atLeast, axisNames, fail, integerOption, perAxis, type OpContext } from "../errors.ts";
import { context, defineOp, wants, type BaseOptions, type OpDef, type Shapes, type ShapeInfo } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Tensor } from "../tensor.ts";

export interface ConvTransposeOptions extends BaseOptions, WindowOptions {
  outputPadding?: number | readonly number[];
  groups?: number;
}

export interface Saved {
  x: Tensor;
  weight: Tensor;
  hasBias: boolean;
  geometry: ConvGeometry;
}

/**
 * A transposed convolution is the input-gradient of an ordinary convolution that maps its
 * output back to its input. `geometry` describes that ordinary convolution: its input is our
 * output [N, Cout, Hout, Wout], its output is our input [N, Cin, H, W], and our weight
 * [Cin, Cout/g, kH, kW] is already in its [Cout', Cin'/g, kH, kW] layout.
 */
function transposedGeometry(ctx: OpContext, spatial: number, shapes: Shapes, options: ConvTransposeOptions): { geometry: ConvGeometry; outShape: number[] } {
  const x = shapes.x,
    w = shapes.weight,
    b = shapes.bias;
  if (!x) fail(ctx, "missing input x");
  if (!w) fail(ctx, "missing weight");
  const groups = integerOption(ctx, "groups", options.groups === undefined ? 1 : options.groups, 1);
  if (w.length !== spatial + 2) {
    const kNames = axisNames(spatial).map((a) => `k${a}`);
    fail(ctx, `expected weight ${formatShape(["Cin", "Cout/groups", ...kNames])}, got ${formatShape(w)}`);
  }
  if (w.some((d) => !Number.isInteger(d) || d < 1)) fail(ctx, `weight sizes must be >= 1, got ${formatShape(w)}`);
  const [CinW, CoutPerGroup] = w;
  expectBatched(ctx, "input", x, spatial, CinW);
  if (CinW % groups !== 0) fail(ctx, `groups ${groups} must divide input channels ${CinW} (weight ${formatShape(w)})`);
  const Cout = CoutPerGroup * groups;
  if (b && (b.length !== 1 || b[0] !== Cout)) fail(ctx, `expected bias [${Cout}], got ${formatShape(b)}`);
  const kernel = w.slice(2);
  const ap = axisParams(ctx, spatial, kernel, options);
  const outPad = perAxis(ctx, "outputPadding", options.outputPadding === undefined ? 0 : options.outputPadding, spatial);
  atLeast(ctx, "outputPadding", outPad, 0);
  const names = axisNames(spatial);
  const inSizes = x.slice(2);
  const outSizes = inSizes.map((L, i) => {
    if (outPad[i] >= Math.max(ap.stride[i], ap.dilation[i])) {
      fail(ctx, `outputPadding ${outPad[i]} must be smaller than stride ${ap.stride[i]} or dilation ${ap.dilation[i]}`);
    }
    const size = (L - 1) * ap.stride[i] - 2 * ap.padding[i] + ap.dilation[i] * (kernel[i] - 1) + outPad[i] + 1;
    if (size < 1) {
      fail(
        ctx,
        `output ${names[i]} would be ${size}: (${L} - 1) x stride ${ap.stride[i]} - 2 x padding ${ap.padding[i]} + dilation ${ap.dilation[i]} x (kernel ${kernel[i]} - 1) + outputPadding ${outPad[i]} + 1`,
      );
    }
    return size;
  });
  return {
    // the ordinary convolution runs from our output sizes to our input sizes
    geometry: { N: x[0], Cin: Cout, Cout: CinW, groups, ...windowGeometry(outSizes, inSizes, ap) },
    outShape: [x[0], Cout, ...outSizes],
  };
}

/** conv_transpose1d and conv_transpose2d over the number of spatial axes. */
export function transposedConvolution(name: string, spatial: number, cores: ConvCores = referenceConvCores): OpDef<ConvTransposeOptions, Saved> {
  return defineOp({
    name,
    inputs: ["x", "weight", "bias"],
    optional: ["bias"],
    differentiable: ["x", "weight", "bias"],
    options: ["stride", "padding", "outputPadding", "dilation", "groups"],

    infer(shapes, options): ShapeInfo {
      const { geometry: g, outShape } = transposedGeometry(context(name, options), spatial, shapes, options);
      const weightSize = sizeOf(shapes.weight!);
      return {
        shape: outShape,
        params: weightSize + (shapes.bias ? g.Cin : 0),
        // Every input element is multiplied by its Cout/g x kernel slice of the weight.
        macs: g.N * g.outH * g.outW * weightSize,
        windows: null,
      };
    },

    forward({ x, weight, bias }, options, run) {
      const { geometry: g, outShape } = transposedGeometry(
        context(name, options),
        spatial,
        {
          x: x?.shape,
          weight: weight?.shape,
          bias: bias?.shape,
        },
        options,
      );
      const out = allocate(sizeOf(outShape), dtypeOf(x!));
      cores.gradInput(g, x!.data, weight!.data, out, run?.checkpoint, context(name, options));
      if (bias) {
        const P = g.inH * g.inW;
        for (let n = 0; n < g.N; n++) {
          for (let c = 0; c < g.Cin; c++) {
            const off = (n * g.Cin + c) * P,
              bv = bias.data[c];
            for (let p = 0; p < P; p++) out[off + p] += bv;
          }
        }
      }
      return { output: { shape: outShape, data: out }, saved: { x: x!, weight: weight!, hasBias: !!bias, geometry: g } };
    },

    backward(gradOutput, { x, weight, hasBias, geometry: g }, options, run) {
      const dtype = dtypeOf(gradOutput);
      const grads: Record<string, Tensor> = {};
      if (wants(run, "x")) {
        const dx = allocate(x.data.length, dtype);
        cores.forward(g, gradOutput.data, weight.data, undefined, dx, run?.checkpoint, context(name, options));
        grads.x = { shape: [...x.shape], data: dx };
      }
      if (wants(run, "weight")) {
        const dw = allocate(weight.data.length, dtype);
        cores.gradWeight(g, x.data, gradOutput.data, dw, run?.checkpoint, context(name, options));
        grads.weight = { shape: [...weight.shape], data: dw };
      }
      if (hasBias && wants(run, "bias")) {
        const db = allocate(g.Cin, dtype);
        channelSums(gradOutput.data, g.N, g.Cin, g.inH * g.inW, db);
        grads.bias = { shape: [g.Cin], data: db };
      }
      return grads;
    },
  });
}
