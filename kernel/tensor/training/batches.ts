import { seededRandom } from "../random.ts";
import { allocate, dtypeOf, sizeOf, type Tensor } from "../tensor.ts";

/** A seeded permutation of 0..n-1 (Fisher–Yates): the order of one epoch. */
export function shuffled(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The rows (first axis) of a tensor at the given indices, as a new tensor. */
export function rows(t: Tensor, indices: readonly number[]): Tensor {
  const row = sizeOf(t.shape.slice(1));
  const data = allocate(indices.length * row, dtypeOf(t));
  indices.forEach((r, i) => data.set(t.data.subarray(r * row, (r + 1) * row), i * row));
  return { shape: [indices.length, ...t.shape.slice(1)], data };
}

/** Splits an epoch's order into batches of `size` (the last may be smaller). */
export function batchesOf(order: readonly number[], size: number): number[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`train: expected a batch size of 1 or more, got ${size}`);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/** How many rows of [N, classes] scores pick the target class (the largest score wins). */
export function correct(scores: Tensor, targets: Tensor): number {
  const [n, k] = scores.shape;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (scores.data[i * k + c] > scores.data[i * k + best]) best = c;
    if (best === targets.data[i]) hits++;
  }
  return hits;
}
