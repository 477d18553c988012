import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import { outputSize, type Pass, type Workload } from "./workloads.ts";

// How one pass of a workload runs in TensorFlow.js (Node's bench and the browser bench's worker alike).

type Tf = typeof import("@tensorflow/tfjs-core");
type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/** A function that runs one pass on the current backend, or null where the backend lacks the kernel. */
export function tfjsPass(tf: Tf, w: Workload, pass: Pass): (() => void) | null {
  const [N, Cin, H, W] = w.x,
    [Cout, , kH, kW] = w.weight;
  const [, , oH, oW] = outputSize(w);
  const x = tf.randomNormal([N, H, W, Cin], 0, 1, "float32", 1) as Tensor4D;
  const filter = tf.randomNormal([kH, kW, Cin, Cout], 0, 1, "float32", 2) as Tensor4D;
  const dy = tf.randomNormal([N, oH, oW, Cout], 0, 1, "float32", 3) as Tensor4D;
  const p = w.padding;
  const pad =
    p === 0
      ? "valid"
      : ([
          [0, 0],
          [p, p],
          [p, p],
          [0, 0],
        ] as Pad4);
  // The gradients are the kernels tfjs's own Conv2D gradient calls; tfjs-core's Node bundle
  // leaves the gradient registry empty, so they are run through the engine directly.
  const attrs = { strides: w.stride, pad, dataFormat: "NHWC", dimRoundingMode: undefined };
  const run: () => Tensor =
    pass === "forward"
      ? () => tf.conv2d(x, filter, w.stride, pad)
      : pass === "grad input"
        ? () => tf.engine().runKernel("Conv2DBackpropInput", { dy, filter }, { ...attrs, inputShape: x.shape } as never) as Tensor
        : () => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { ...attrs, filterShape: filter.shape } as never) as Tensor;
  try {
    const probe = run();
    probe.dataSync();
    probe.dispose();
  } catch {
    return null; // the backend has no such kernel
  }
  return () => {
    const out = run();
    out.dataSync(); // wait for the result, as a view would
    out.dispose();
  };
}
