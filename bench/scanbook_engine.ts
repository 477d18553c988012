import { convGradInput, convGradWeight } from "../kernel/tensor/conv_core.ts";
import { conv2d } from "../kernel/tensor/ops/conv2d.ts";
import { randn } from "../kernel/tensor/random.ts";
import type { Pass, Workload } from "./workloads.ts";

/**
 * Our engine on a workload, float32 as in the app: a function that runs one pass. The op's
 * backward computes both gradients; to time them apart, each gradient pass calls its core
 * routine with the geometry that forward saved.
 */
export function scanbookPass(w: Workload, pass: Pass): () => void {
  const x = randn(w.x, { seed: 1 }),
    weight = randn(w.weight, { seed: 2 });
  const options = { stride: w.stride, padding: w.padding };
  const { output, saved } = conv2d.forward({ x, weight }, options);
  const dOut = randn(output.shape, { seed: 3 }).data;
  switch (pass) {
    case "forward":
      return () => {
        conv2d.forward({ x, weight }, options);
      };
    case "grad input":
      return () => {
        convGradInput(saved.geometry, dOut, weight.data, new Float32Array(x.data.length));
      };
    case "grad weight":
      return () => {
        convGradWeight(saved.geometry, dOut, x.data, new Float32Array(weight.data.length));
      };
  }
}
