import { downsample1d } from "../../tensor/ops/downsample1d.ts";
import { downsample2d } from "../../tensor/ops/downsample2d.ts";
import type { CheckKind, Config, Field, Mistake } from "../kind.ts";
import { f64, normal, spatialSizes } from "./tensors.ts";

/**
 * Downsampling by k (keep the first value, then every k-th): downsample(x, k) → y with
 * ceil(W / k) positions per axis, and its backward, which scatters gradOutput back:
 * downsample1dBackward(gradOutput, k, width), downsample2dBackward(gradOutput, k, height, width).
 */
type Spatial = 1 | 2;

const fields = (spatial: Spatial): Field[] => [
  { name: "batch", min: 1, max: 3 },
  { name: "channels", min: 1, max: 3 },
  ...(spatial === 2 ? [{ name: "height", min: 1, max: 10 }] : []),
  { name: "width", min: 1, max: 20 },
  { name: "factor", min: 1, max: 4 },
];

const op = (spatial: Spatial) => (spatial === 1 ? downsample1d : downsample2d);
const down = (c: Config, spatial: Spatial) => spatialSizes(c, spatial).map((L) => Math.ceil(L / c.factor));

const flooredWidth: Mistake = {
  path: "",
  message: "the downsampled size is rounded down: keeping the first value and then every k-th of W values gives ceil(W / k)",
  matches: (actual, c) => c.width % c.factor !== 0 && actual.shape[actual.shape.length - 1] === Math.floor(c.width / c.factor),
};

export function downsampleForward(name: string, spatial: Spatial): CheckKind {
  return {
    name,
    signature: `${name}(x, k)`,
    fields: fields(spatial),
    valid: () => true,
    parts: () => [{ path: "", label: "output", hint: spatial === 1 ? "check ceil(W / k)" : "check ceil(H / k) and ceil(W / k)" }],
    make(c, seed) {
      const x = normal([c.batch, c.channels, ...spatialSizes(c, spatial)], seed);
      const { output } = op(spatial).forward({ x: f64(x) }, { scaleFactor: c.factor });
      return { args: [x, c.factor], inputs: { x }, expected: { "": output } };
    },
    mistakes: [flooredWidth],
  };
}

export function downsampleBackward(name: string, spatial: Spatial): CheckKind {
  const sizes = spatial === 1 ? "width" : "height, width";
  return {
    name,
    signature: `${name}(gradOutput, k, ${sizes})`,
    fields: fields(spatial),
    valid: () => true,
    parts: () => [{ path: "", label: "gradInput", hint: `it has the input's shape: [N, C, ${sizes === "width" ? "W" : "H, W"}]`, gradient: true }],
    make(c, seed) {
      const sizes = spatialSizes(c, spatial);
      const x = normal([c.batch, c.channels, ...sizes], seed);
      const gradOutput = normal([c.batch, c.channels, ...down(c, spatial)], seed + 1);
      const { saved } = op(spatial).forward({ x: f64(x) }, { scaleFactor: c.factor });
      const { x: gradInput } = op(spatial).backward(f64(gradOutput), saved, { scaleFactor: c.factor });
      return { args: [gradOutput, c.factor, ...sizes], inputs: { gradOutput }, expected: { "": gradInput } };
    },
  };
}
