/** The convolutions `npm run bench` times: the shapes the issue names, in PyTorch layouts. */
export interface Workload {
  id: string;
  label: string;
  x: [number, number, number, number]; // [N, Cin, H, W]
  weight: [number, number, number, number]; // [Cout, Cin, kH, kW]
  stride: number;
  padding: number;
}

export const workloads: Workload[] = [
  { id: "a", label: "1x1x28x28, 8 filters 5x5", x: [1, 1, 28, 28], weight: [8, 1, 5, 5], stride: 1, padding: 0 },
  { id: "b", label: "32x3x32x32, 16 filters 3x3, pad 1", x: [32, 3, 32, 32], weight: [16, 3, 3, 3], stride: 1, padding: 1 },
  { id: "c", label: "64x16x16x16, 32 filters 3x3, stride 2, pad 1", x: [64, 16, 16, 16], weight: [32, 16, 3, 3], stride: 2, padding: 1 },
  // A pointwise convolution, as in the bottleneck of a residual block: the engine runs it as a matrix product.
  { id: "d", label: "8x64x16x16, 128 filters 1x1", x: [8, 64, 16, 16], weight: [128, 64, 1, 1], stride: 1, padding: 0 },
];

export type Pass = "forward" | "grad input" | "grad weight";
export const passes: Pass[] = ["forward", "grad input", "grad weight"];

export function outputSize(w: Workload): [number, number, number, number] {
  const [N, , H, W] = w.x,
    [Cout, , kH, kW] = w.weight;
  return [N, Cout, Math.floor((H + 2 * w.padding - kH) / w.stride) + 1, Math.floor((W + 2 * w.padding - kW) / w.stride) + 1];
}

/** Multiply-adds of the forward pass; each gradient costs the same number. */
export function multiplyAdds(w: Workload): number {
  const [N, Cout, oH, oW] = outputSize(w);
  const [, Cin, kH, kW] = w.weight;
  return N * Cout * oH * oW * Cin * kH * kW;
}

/** Median wall time in ms of `run` after one warm-up call, over at least `minRuns` runs and ~`budgetMs`. */
export function medianMs(run: () => void, { minRuns = 5, budgetMs = 1500 } = {}): number {
  run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 200)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}
