import { fail, type OpContext } from "../errors.ts";
import { referenceProducts, type MatrixProducts } from "../products.ts";
import { context, defineOp, wants, type BaseOptions, type OpDef, type Shapes } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Tensor } from "../tensor.ts";

function linearShape(ctx: OpContext, { x, weight, bias }: Shapes): { rows: number; inF: number; outF: number; shape: number[] } {
  if (!x) fail(ctx, "missing input x");
  if (!weight) fail(ctx, "missing weight");
  if (weight.length !== 2) fail(ctx, `expected weight [out_features, in_features], got ${formatShape(weight)}`);
  const [outF, inF] = weight;
  if (x.length < 1 || x[x.length - 1] !== inF) {
    const hint = x.length > 2 ? " (flatten the maps first?)" : "";
    fail(ctx, `expected input [..., ${inF}] to match weight ${formatShape(weight)}, got ${formatShape(x)}${hint}`);
  }
  if (bias && (bias.length !== 1 || bias[0] !== outF)) fail(ctx, `expected bias [${outF}], got ${formatShape(bias)}`);
  // Rows from the leading axes, not sizeOf(x) / inF, which is 0/0 when there are no features.
  return { rows: sizeOf(x.slice(0, -1)), inF, outF, shape: [...x.slice(0, -1), outF] };
}

export interface Saved {
  x: Tensor;
  weight: Tensor;
  hasBias: boolean;
  rows: number;
  inF: number;
  outF: number;
}

/**
 * linear(x [..., in], weight [out, in], bias [out]?) = x · weightᵀ + bias → [..., out], its
 * matrix products from a backend (the TypeScript ones are the reference).
 */
export function linearOp(products: MatrixProducts = referenceProducts): OpDef<BaseOptions, Saved> {
  const { gemm, gemmNT, transpose } = products;
  return defineOp({
    name: "linear",
    inputs: ["x", "weight", "bias"],
    optional: ["bias"],
    differentiable: ["x", "weight", "bias"],
    options: [],
    infer(shapes, options) {
      const { rows, inF, outF, shape } = linearShape(context("linear", options), shapes);
      return { shape, params: inF * outF + (shapes.bias ? outF : 0), macs: rows * inF * outF, windows: null };
    },
    forward({ x, weight, bias }, options) {
      const { rows, inF, outF, shape } = linearShape(context("linear", options), {
        x: x?.shape,
        weight: weight?.shape,
        bias: bias?.shape,
      });
      const out = allocate(rows * outF, dtypeOf(x!));
      gemmNT(rows, outF, inF, x!.data, 0, weight!.data, 0, out, 0, false);
      if (bias) {
        for (let r = 0; r < rows; r++) for (let o = 0; o < outF; o++) out[r * outF + o] += bias.data[o];
      }
      return { output: { shape, data: out }, saved: { x: x!, weight: weight!, hasBias: !!bias, rows, inF, outF } };
    },
    backward(gradOutput, { x, weight, hasBias, rows, inF, outF }, _options, run) {
      const dtype = dtypeOf(gradOutput),
        g = gradOutput.data;
      const grads: Record<string, Tensor> = {};
      if (wants(run, "x")) {
        const dx = allocate(rows * inF, dtype);
        gemm(rows, inF, outF, g, 0, weight.data, 0, dx, 0, false); // dx [rows, in] = g [rows, out] · W [out, in]
        grads.x = { shape: [...x.shape], data: dx };
      }
      if (wants(run, "weight")) {
        const gT = allocate(rows * outF, dtype);
        transpose(rows, outF, g, 0, gT);
        const dw = allocate(outF * inF, dtype);
        gemm(outF, inF, rows, gT, 0, x.data, 0, dw, 0, false); // dW [out, in] = gᵀ [out, rows] · x [rows, in]
        grads.weight = { shape: [...weight.shape], data: dw };
      }
      if (hasBias && wants(run, "bias")) {
        const db = allocate(outF, dtype);
        for (let r = 0; r < rows; r++) for (let o = 0; o < outF; o++) db[o] += g[r * outF + o];
        grads.bias = { shape: [outF], data: db };
      }
      return grads;
    },
  });
}
