import type { WasmKernels } from "./module.ts";

/** The kernels a thread can be asked to run, by name, with integer arguments (pointers and sizes). */
export const KERNEL_NAMES = ["convForward", "convGradInput", "convGradWeight", "phasePlanes", "unphasePlanes", "zero", "copy", "gemm"] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];
export type KernelCall = [KernelName, ...number[]];

/**
 * Threads that run kernel calls on the same shared memory as this one (set up by the engine's
 * worker: kernel/worker/kernel_threads.ts; the tensor code only uses them). `run` takes one list
 * of calls per thread, runs the first here and the others on the threads at the same time,
 * and returns when all are done.
 */
export interface KernelThreads {
  /** Threads in all, this one included. */
  readonly count: number;
  run(batches: KernelCall[][]): void;
  /** Rounds run on the threads so far. */
  rounds(): number;
}

let threads: KernelThreads | undefined;

/** Hands the kernels their threads (undefined: one thread). */
export function useKernelThreads(t: KernelThreads | undefined): void {
  threads = t;
}

export const kernelThreads = (): KernelThreads | undefined => threads;

/** Runs calls one after another on this thread. */
export function runCalls(kernels: WasmKernels, calls: readonly KernelCall[]): void {
  for (const [name, ...args] of calls) (kernels[name] as (...a: number[]) => void)(...args);
}

/**
 * Below this many multiply-adds a job stays on one thread: waking a thread costs more than
 * the work it would take (measured on 2 cores: about 0.23 MFLOP breaks even).
 */
export const PARALLEL_MIN_MACS = 1_000_000;
