import { fail } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, type Data, type Tensor } from "../tensor.ts";

/**
 * An activation applied value by value. Its backward rule maps the upstream gradient g, the
 * input x and the output y to the input's gradient (sigmoid and tanh only need y).
 */
/** A backend's loops for one activation: the output, or the input's gradient, of a whole tensor (undefined: it cannot take this one). */
export interface ElementwiseLoops {
  forward(x: Data): Data | undefined;
  /** The input's gradient from the upstream gradient g, the input x and the output y. */
  backward(g: Data, x: Data, y: Data): Data | undefined;
}

export function elementwise(name: string, f: (x: number) => number, gradient: (g: number, x: number, y: number) => number, loops?: ElementwiseLoops): OpDef<BaseOptions, { x: Tensor; y: Data }> {
  return defineOp({
    name,
    inputs: ["x"],
    differentiable: ["x"],
    options: [],
    infer({ x }, options) {
      if (!x) fail(context(name, options), "missing input x");
      return { shape: [...x], params: 0, macs: 0 };
    },
    forward({ x }, options) {
      if (!x) fail(context(name, options), "missing input x");
      const fast = loops?.forward(x.data);
      const y = fast ?? allocate(x.data.length, dtypeOf(x));
      const xd = x.data;
      if (!fast) for (let i = 0; i < xd.length; i++) y[i] = f(xd[i]);
      return { output: { shape: [...x.shape], data: y }, saved: { x, y } };
    },
    backward(gradOutput, { x, y }) {
      const g = gradOutput.data,
        xd = x.data;
      const fast = loops?.backward(g, xd, y);
      const dx = fast ?? allocate(g.length, dtypeOf(gradOutput));
      if (!fast) for (let i = 0; i < g.length; i++) dx[i] = gradient(g[i], xd[i], y[i]);
      return { x: { shape: [...x.shape], data: dx } };
    },
  });
}
