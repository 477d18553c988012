import type { ElementwiseLoops } from "../factories/elementwise.ts";
import { maxBackward, maxForward, type MaxLoops, type PoolGeometry } from "../factories/pooling.ts";
import type { Data } from "../tensor.ts";
import { arenaFor } from "./arena.ts";
import { wasmKernels } from "./module.ts";

// The ops that are memory-bound rather than arithmetic (the activations, max pooling): on the
// kernels they cost a copy in and out, and still run several times faster than the reference's loops.

type ElementwiseKernel = "reluForward" | "sigmoidForward" | "tanhForward";
type GradientKernel = "reluBackward" | "sigmoidBackward" | "tanhBackward";

/**
 * An activation and its gradient on the kernels (float32), or undefined for the reference to
 * do it. The gradient kernel reads the input (the ReLU) or the output (sigmoid, tanh).
 */
function activationLoops(name: string, forward: ElementwiseKernel, backward: GradientKernel, gradientReads: "x" | "y"): ElementwiseLoops {
  return {
    forward(x: Data): Data | undefined {
      const k = wasmKernels();
      if (!k || !(x instanceof Float32Array) || x.length === 0) return undefined;
      const a = arenaFor(k);
      const xAt = a.put(x, name),
        yAt = a.alloc(x.length, name);
      k[forward](xAt, yAt, x.length);
      return a.view(yAt, x.length).slice();
    },
    backward(g: Data, x: Data, y: Data): Data | undefined {
      const k = wasmKernels();
      const read = gradientReads === "x" ? x : y;
      if (!k || !(g instanceof Float32Array) || !(read instanceof Float32Array) || g.length === 0) return undefined;
      const a = arenaFor(k);
      const gAt = a.put(g, name),
        readAt = a.put(read, name),
        dxAt = a.alloc(g.length, name);
      k[backward](gAt, readAt, dxAt, g.length);
      return a.view(dxAt, g.length).slice();
    },
  };
}

export const wasmRelu = activationLoops("relu", "reluForward", "reluBackward", "x");
/** The sigmoid: e^x by Cephes' method, within a few ulp of the reference's double-precision value. */
export const wasmSigmoid = activationLoops("sigmoid", "sigmoidForward", "sigmoidBackward", "y");
/** tanh: the same e^x, and an odd polynomial near 0. */
export const wasmTanh = activationLoops("tanh", "tanhForward", "tanhBackward", "y");

/** Max pooling's forward loop on the kernels (float32), else the reference's. */
function wasmMaxForward(g: PoolGeometry, x: Data, out: Data, argmax: Int32Array): void {
  const k = wasmKernels();
  if (!k || !(x instanceof Float32Array) || out.length === 0) {
    maxForward(g, x, out, argmax);
    return;
  }
  const a = arenaFor(k);
  // out and argmax come after x: a stride-2 row may read one float past a plane's last row.
  const xAt = a.put(x, "max_pool"),
    outAt = a.alloc(out.length, "max_pool"),
    argAt = a.alloc(out.length, "max_pool");
  k.maxPoolForward(xAt, g.N * g.C, g.inH, g.inW, g.kH, g.kW, g.sH, g.sW, g.pH, g.pW, g.dH, g.dW, outAt, argAt, g.outH, g.outW);
  out.set(a.view(outAt, out.length));
  argmax.set(new Int32Array(k.memory.buffer, argAt, out.length));
}

/** Max pooling's gradient on the kernels (float32), else the reference's. */
function wasmMaxBackward(g: PoolGeometry, gd: Data, argmax: Int32Array, dx: Data): void {
  const k = wasmKernels();
  if (!k || !(gd instanceof Float32Array) || !(dx instanceof Float32Array) || gd.length === 0) {
    maxBackward(g, gd, argmax, dx);
    return;
  }
  const a = arenaFor(k);
  const gAt = a.put(gd, "max_pool"),
    argAt = a.alloc(argmax.length, "max_pool"),
    dxAt = a.put(dx, "max_pool");
  new Int32Array(k.memory.buffer, argAt, argmax.length).set(argmax);
  k.maxPoolBackward(gAt, argAt, g.N * g.C, g.outH * g.outW, g.inH * g.inW, dxAt);
  dx.set(a.view(dxAt, dx.length));
}

export const wasmMaxLoops: MaxLoops = { forward: wasmMaxForward, backward: wasmMaxBackward };
