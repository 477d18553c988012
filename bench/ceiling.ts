import { wasmFusedMultiplyAdd, wasmKernels } from "../kernel/tensor/wasm/module.ts";
import { medianMs } from "./workloads.ts";

/** The WebAssembly SIMD ceiling of one core, measured on this machine now. */
export interface Ceiling {
  /** GFLOP/s of multiply-adds on registers only (the kernels' best case: no memory traffic). */
  gflopsPerCore: number;
  /** Whether the loaded kernels fuse multiply and add (relaxed SIMD); the ceiling is theirs. */
  fusedMultiplyAdd: boolean;
}

const ITERATIONS = 200_000; // about 2 ms: 48 multiply-adds each

/** The ceiling of the loaded kernels on one core, or null where they did not load. */
export function measureCeiling(quick: boolean): Ceiling | null {
  const k = wasmKernels();
  if (!k) return null;
  const ms = medianMs(() => k.peakMultiplyAdds(ITERATIONS), quick ? { minRuns: 1, budgetMs: 0 } : { minRuns: 5, budgetMs: 300 });
  return { gflopsPerCore: (2 * 48 * ITERATIONS) / (ms * 1e6), fusedMultiplyAdd: wasmFusedMultiplyAdd() };
}
