import { avg_pool2d } from "../../tensor/ops/avg_pool2d.ts";
import { max_pool2d } from "../../tensor/ops/max_pool2d.ts";
import type { CheckKind, Config, Field } from "../kind.ts";
import { f64, normal } from "./tensors.ts";

/**
 * Max and mean pooling over K×K windows moved by a stride, no padding:
 * pool(x, kernel, stride) → y; poolBackward(x, kernel, stride, gradOutput) → gradInput
 * (max sends each gradient to the window's largest input, mean spreads it evenly).
 */
const FIELDS: Field[] = [
  { name: "batch", min: 1, max: 3 },
  { name: "channels", min: 1, max: 3 },
  { name: "height", min: 1, max: 12 },
  { name: "width", min: 1, max: 12 },
  { name: "kernel", min: 1, max: 4 },
  { name: "stride", min: 1, max: 3 },
];

const valid = (c: Config) => c.kernel <= c.height && c.kernel <= c.width;
const HINT = "check (H - K)/S + 1 and (W - K)/S + 1, rounded down";

function forward(pool: "max" | "mean", x: ReturnType<typeof normal>, c: Config) {
  const op = pool === "max" ? max_pool2d : avg_pool2d;
  return { op, ...op.forward({ x: f64(x) }, { kernelSize: c.kernel, stride: c.stride }) };
}

export function poolForward(name: string, pool: "max" | "mean"): CheckKind {
  return {
    name,
    signature: `${name}(x, kernel, stride)`,
    fields: FIELDS,
    valid,
    parts: () => [{ path: "", label: "output", hint: HINT }],
    make(c, seed) {
      const x = normal([c.batch, c.channels, c.height, c.width], seed);
      return { args: [x, c.kernel, c.stride], inputs: { x }, expected: { "": forward(pool, x, c).output } };
    },
  };
}

export function poolBackward(name: string, pool: "max" | "mean"): CheckKind {
  return {
    name,
    signature: `${name}(x, kernel, stride, gradOutput)`,
    fields: FIELDS,
    valid,
    parts: () => [{ path: "", label: "gradInput", hint: "it has the shape of x", gradient: true }],
    make(c, seed) {
      const x = normal([c.batch, c.channels, c.height, c.width], seed);
      const { op, output, saved } = forward(pool, x, c);
      const gradOutput = normal(output.shape, seed + 1);
      const { x: gradInput } = op.backward(f64(gradOutput), saved, { kernelSize: c.kernel, stride: c.stride });
      return { args: [x, c.kernel, c.stride, gradOutput], inputs: { x, gradOutput }, expected: { "": gradInput } };
    },
  };
}
