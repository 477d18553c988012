import { randn } from "../../tensor/random.ts";
import { cast, type Tensor } from "../../tensor/tensor.ts";

/** A float32 tensor of standard normals: what the student's function receives. */
export function normal(shape: readonly number[], seed: number): Tensor {
  return randn(shape, { seed });
}

/** The float64 copy the reference computes on, so the reference's own rounding is negligible. */
export const f64 = (t: Tensor): Tensor => cast(t, "float64");

/** Every value times s (the detector of a gradient averaged over the batch uses 1/N). */
export function scaled(t: Tensor, s: number): Tensor {
  const data = new Float64Array(t.data.length);
  for (let i = 0; i < data.length; i++) data[i] = t.data[i] * s;
  return { shape: [...t.shape], data };
}

/** A conv weight [Cout, Cin, ...K] with its spatial axes reversed: the kernel "flipped". */
export function flipKernel(w: Tensor): Tensor {
  const [cout, cin, ...k] = w.shape;
  const kh = k.length === 2 ? k[0] : 1,
    kw = k[k.length - 1];
  const data = new Float64Array(w.data.length);
  for (let p = 0; p < cout * cin; p++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) data[(p * kh + i) * kw + j] = w.data[(p * kh + (kh - 1 - i)) * kw + (kw - 1 - j)];
    }
  }
  return { shape: [...w.shape], data };
}

/** The configuration's spatial sizes: [width] in 1-D, [height, width] in 2-D. */
export const spatialSizes = (c: Record<string, number>, spatial: 1 | 2) => (spatial === 1 ? [c.width] : [c.height, c.width]);
