import type { Workload } from "../workloads.ts";

/** What the browser bench's page asks each worker: the workloads, and how long to time each. */
export interface BenchRequest {
  workloads: Workload[];
  quick: boolean;
  /** Where tfjs-backend-wasm's .wasm files are served (the tfjs worker only). */
  wasmPaths?: string;
}

/** A worker's answer: median forward ms per workload id and column, and what ran. */
export interface BenchAnswer {
  ms: Record<string, Record<string, number>>;
  /** What the engine said of itself (threads, fused multiply-add), or tfjs's flags. */
  about: string;
}

/** Timing in a browser worker: as in Node's bench, a warm-up then the median of several runs. */
export const timing = (quick: boolean) => (quick ? { minRuns: 1, budgetMs: 0 } : { minRuns: 10, budgetMs: 1500 });
