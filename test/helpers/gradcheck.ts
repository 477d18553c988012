import { expect } from "vitest";
import type { OpDef } from "../../kernel/tensor/op.ts";
import { randn, seededRandom } from "../../kernel/tensor/random.ts";
import { cast, type Tensor } from "../../kernel/tensor/tensor.ts";

/**
 * Central finite differences in float64 against an op's backward. The scalar checked is
 * L = Σ u · op(inputs) for a random upstream u, so every output element contributes.
 */
export function gradcheck(
  op: OpDef<any, any>,
  inputs: Record<string, Tensor>,
  options: Record<string, unknown> = {},
  { seed = 7, h = 1e-6, tolerance = 1e-6 }: { seed?: number; h?: number; tolerance?: number } = {},
): void {
  const x64: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) x64[k] = cast(v, "float64");
  const { output, saved } = op.forward(x64, options);
  const upstream = randn(output.shape, { seed, dtype: "float64" });
  const grads = op.backward(upstream, saved, options);
  const loss = () => {
    const y = op.forward(x64, options).output.data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * upstream.data[i];
    return s;
  };
  let checked = 0;
  for (const name of op.differentiable) {
    const t = x64[name];
    if (!t) continue;
    const g = grads[name];
    expect(g, `gradient for ${name}`).toBeDefined();
    expect(g.shape).toEqual(t.shape);
    for (let i = 0; i < t.data.length; i++) {
      const keep = t.data[i];
      t.data[i] = keep + h;
      const plus = loss();
      t.data[i] = keep - h;
      const minus = loss();
      t.data[i] = keep;
      const numeric = (plus - minus) / (2 * h);
      const err = Math.abs(numeric - g.data[i]);
      if (err > tolerance * Math.max(1, Math.abs(numeric))) {
        throw new Error(`${op.name}: d/d${name}[${i}] analytic ${g.data[i]} vs numeric ${numeric}`);
      }
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
}

/** Random float64 inputs of the given shapes, from one seed. */
export function randomInputs(shapes: Record<string, number[]>, seed: number): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  let s = seed;
  for (const [name, shape] of Object.entries(shapes)) out[name] = randn(shape, { seed: s++, dtype: "float64" });
  return out;
}

/** An integer in [lo, hi] from a seeded stream: random shapes that are the same on every run. */
export function intRange(next: () => number, lo: number, hi: number): number {
  return lo + Math.floor(next() * (hi - lo + 1));
}

export { seededRandom };
