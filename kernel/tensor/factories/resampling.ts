import { expectBatched, lift2d } from "../conv_geometry.ts";
import { atLeast, fail, perAxis } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, sizeOf, type Data, type Tensor } from "../tensor.ts";

export interface ResampleOptions extends BaseOptions {
  /** The factor k per spatial axis. */
  scaleFactor: number | readonly number[];
}

/**
 * The resampling pair of the lecture's assignments, adjoint to each other:
 *   upsample inserts k - 1 zeros between neighbours: W_out = k (W_in - 1) + 1;
 *   downsample keeps every k-th value from the first: W_out = ceil(W_in / k).
 * Both copy between a "sparse" plane (every k-th position) and a "dense" one.
 */
function sizes(name: string, up: boolean, spatial: number, x: readonly number[] | undefined, options: ResampleOptions) {
  const ctx = context(name, options);
  if (!x) fail(ctx, "missing input x");
  expectBatched(ctx, "input", x, spatial);
  if (options.scaleFactor === undefined) fail(ctx, "scaleFactor is required");
  const k = perAxis(ctx, "scaleFactor", options.scaleFactor, spatial);
  atLeast(ctx, "scaleFactor", k, 1);
  const inSizes = x.slice(2);
  const outSizes = inSizes.map((L, i) => (up ? k[i] * (L - 1) + 1 : Math.ceil(L / k[i])));
  return { k, outShape: [x[0], x[1], ...outSizes] };
}

/** Copies between dense [planes, H, W] (every position) and sparse (positions multiple of k). */
function strideCopy(planes: number, denseH: number, denseW: number, sparseH: number, sparseW: number, kH: number, kW: number, from: Data, to: Data, sparseToDense: boolean): void {
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < sparseH; i++) {
      for (let j = 0; j < sparseW; j++) {
        const sparse = (p * sparseH + i) * sparseW + j;
        const dense = (p * denseH + i * kH) * denseW + j * kW;
        if (sparseToDense) to[dense] = from[sparse];
        else to[sparse] = from[dense];
      }
    }
  }
}

export function resampling(name: string, up: boolean, spatial: number): OpDef<ResampleOptions, { xShape: number[]; k: number[] }> {
  // For upsample the input is sparse in the output; for downsample the output is sparse in the input.
  const move = (xShape: readonly number[], outShape: readonly number[], k: number[], from: Data, to: Data, forward: boolean) => {
    const dense = up ? outShape : xShape,
      sparse = up ? xShape : outShape;
    const [dH, dW] = lift2d(dense.slice(2), 1),
      [sH, sW] = lift2d(sparse.slice(2), 1),
      [kH, kW] = lift2d(k, 1);
    strideCopy(xShape[0] * xShape[1], dH, dW, sH, sW, kH, kW, from, to, up === forward);
  };
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options: ["scaleFactor"],
    infer({ x }, options) {
      const { k, outShape } = sizes(name, up, spatial, x, options);
      return {
        shape: outShape,
        params: 0,
        macs: 0,
        windows: k.map((f) => ({ kernel: 1, stride: up ? 1 / f : f, padding: 0 })),
      };
    },
    forward({ x }, options) {
      const { k, outShape } = sizes(name, up, spatial, x?.shape, options);
      const out = allocate(sizeOf(outShape), dtypeOf(x!));
      move(x!.shape, outShape, k, x!.data, out, true);
      return { output: { shape: outShape, data: out }, saved: { xShape: [...x!.shape], k } };
    },
    backward(gradOutput, { xShape, k }) {
      const dx = allocate(sizeOf(xShape), dtypeOf(gradOutput));
      move(xShape, gradOutput.shape, k, gradOutput.data, dx, false);
      return { x: { shape: [...xShape], data: dx } satisfies Tensor };
    },
  });
}
