import type { ConvCores } from "../kernel/tensor/conv_cores.ts";
import { referenceConvCores } from "../kernel/tensor/conv_cores.ts";
import { convGeometry } from "../kernel/tensor/factories/convolution.ts";
import { randn } from "../kernel/tensor/random.ts";
import { wasmConvCores } from "../kernel/tensor/wasm/conv_cores.ts";
import type { Pass, Workload } from "./workloads.ts";

/** Our engine's two backends: the WebAssembly SIMD kernels and the TypeScript reference. */
export const SCANBOOK_BACKENDS: Record<"scanbook-wasm" | "scanbook-wasm-1t" | "scanbook-js", ConvCores> = {
  "scanbook-wasm": wasmConvCores,
  "scanbook-wasm-1t": wasmConvCores,
  "scanbook-js": referenceConvCores,
};

/**
 * Our engine on a workload, float32 as in the app: a function that runs one pass of one
 * backend's convolution loops (the ops call the same loops; calling them directly times each
 * gradient apart, where the op's backward computes both).
 */
export function scanbookPass(w: Workload, pass: Pass, cores: ConvCores): () => void {
  const x = randn(w.x, { seed: 1 }),
    weight = randn(w.weight, { seed: 2 });
  const { geometry: g, outShape } = convGeometry({ op: "conv2d" }, 2, { x: x.shape, weight: weight.shape }, { stride: w.stride, padding: w.padding });
  const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
  const dOut = randn(outShape, { seed: 3 }).data;
  switch (pass) {
    case "forward":
      return () => cores.forward(g, x.data, weight.data, undefined, out);
    case "grad input":
      return () => cores.gradInput(g, dOut, weight.data, new Float32Array(x.data.length));
    case "grad weight":
      return () => cores.gradWeight(g, dOut, x.data, new Float32Array(weight.data.length));
  }
}
