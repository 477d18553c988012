import { convolution } from "../factories/convolution.ts";
import { elementwise } from "../factories/elementwise.ts";
import { linearOp } from "../factories/linear.ts";
import { pooling } from "../factories/pooling.ts";
import { transposedConvolution } from "../factories/transposed_convolution.ts";
import type { OpDef } from "../op.ts";
import { wasmConvCores } from "./conv_cores.ts";
import { reluGradient, reluValue } from "../ops/relu.ts";
import { wasmProducts } from "./products.ts";
import { wasmMaxLoops, wasmRelu, wasmSigmoid, wasmTanh } from "./small_ops.ts";
import { sigmoidGradient, stableSigmoid } from "../ops/sigmoid.ts";
import { tanhGradient } from "../ops/tanh.ts";

/**
 * The ops the WebAssembly backend computes: the same definitions as the reference (shapes,
 * options, errors) with the kernels' loops. ops/index.ts picks these when the backend is
 * "wasm"; every other op runs the reference.
 */
// biome-ignore lint/suspicious/noExplicitAny: ops of several kinds, as ops/index.ts holds them
export const wasmOps: Record<string, OpDef<any, any>> = {
  conv1d: convolution("conv1d", 1, wasmConvCores),
  conv2d: convolution("conv2d", 2, wasmConvCores),
  conv_transpose1d: transposedConvolution("conv_transpose1d", 1, wasmConvCores),
  conv_transpose2d: transposedConvolution("conv_transpose2d", 2, wasmConvCores),
  linear: linearOp(wasmProducts),
  relu: elementwise("relu", reluValue, reluGradient, wasmRelu),
  sigmoid: elementwise("sigmoid", stableSigmoid, sigmoidGradient, wasmSigmoid),
  tanh: elementwise("tanh", Math.tanh, tanhGradient, wasmTanh),
  max_pool1d: pooling("max_pool1d", "max", 1, wasmMaxLoops),
  max_pool2d: pooling("max_pool2d", "max", 2, wasmMaxLoops),
};
