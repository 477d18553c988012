import { seededRandom } from "../../kernel/tensor/random.ts";
import type { Tensor } from "../../kernel/tensor/tensor.ts";

/** Bars on 8 × 8 noise: class 1 a vertical bar, class 0 a horizontal one, at a random place. */
export function bars(n: number, seed: number): { x: Tensor; y: Tensor } {
  const random = seededRandom(seed);
  const x = new Float32Array(n * 64),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = random() < 0.5 ? 1 : 0;
    const at = 1 + Math.floor(random() * 6);
    for (let k = 0; k < 64; k++) x[i * 64 + k] = 0.2 * random();
    for (let j = 1; j < 7; j++) x[i * 64 + (y[i] ? j * 8 + at : at * 8 + j)] += 1;
  }
  return { x: { shape: [n, 1, 8, 8], data: x }, y: { shape: [n], data: y } };
}
