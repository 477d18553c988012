import * as ort from "onnxruntime-web";
import type { Tensor } from "../../kernel/tensor/tensor.ts";

// The reference runtime for exported models: ONNX Runtime's own kernels, compiled to
// WebAssembly (onnxruntime-web runs in Node as it does in a page), on one thread.
ort.env.wasm.numThreads = 1;

/** Runs an ONNX model on named float32 inputs; its outputs by name. */
export async function runOnnx(model: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const session = await ort.InferenceSession.create(model);
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor("float32", Float32Array.from(t.data), [...t.shape])]));
    const outputs = await session.run(inputs);
    return Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, { shape: t.dims.map(Number), data: Float32Array.from(t.data as Float32Array) }]));
  } finally {
    await session.release();
  }
}

/** The largest absolute difference between two tensors of the same size. */
export function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
