import { wasmFusedMultiplyAdd, wasmKernels, wasmMemoryBytes, wasmUnavailable } from "./wasm/module.ts";
import { kernelThreads } from "./wasm/parallel.ts";

/**
 * Which loops compute the ops: "wasm", the WebAssembly SIMD kernels (the default), or "js",
 * the TypeScript reference they are checked against. An op the WebAssembly backend has no
 * kernel for, float64 data (gradient checks) and a runtime without SIMD run the reference.
 * SCANBOOK_BACKEND=js chooses the reference in Node; a page sets it with setBackend.
 */
export type BackendName = "wasm" | "js";

const fromEnvironment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SCANBOOK_BACKEND;
let preferred: BackendName = fromEnvironment === "js" ? "js" : "wasm";

export function setBackend(name: BackendName): void {
  if (name !== "wasm" && name !== "js") throw new Error(`backend must be "wasm" or "js", got ${JSON.stringify(name)}`);
  preferred = name;
}

export const preferredBackend = (): BackendName => preferred;

/** What computes now, and why not the WebAssembly kernels when they do not. */
export function backendInfo(): { backend: BackendName; note?: string } {
  if (preferred === "js") return { backend: "js", note: "the reference backend was chosen" };
  if (wasmKernels()) return { backend: "wasm" };
  return { backend: "js", note: wasmUnavailable() ?? "the WebAssembly kernels are still loading" };
}

/** What computes a notebook's ops, as the engine reports it (run --json's "engine"). */
export interface EngineInfo {
  backend: BackendName;
  /** Why the reference computes where the WebAssembly kernels would (chosen, no SIMD, loading). */
  note?: string;
  /** Threads the kernels use, the engine's own included. */
  threads: number;
  /** Why there is one thread only. */
  threadNote?: string;
  /** Jobs so far that were split over the threads (rounds of work handed to them). */
  threadRounds: number;
  /** Whether the kernels fuse multiply and add (the relaxed-SIMD module: Chromium, Node with its flag). */
  fusedMultiplyAdd: boolean;
  /** Bytes the kernels' memory holds. */
  memoryBytes: number;
}

export function engineInfo(): EngineInfo {
  const { backend, note } = backendInfo();
  const threads = backend === "wasm" ? (kernelThreads()?.count ?? 1) : 1;
  const threadRounds = threads > 1 ? (kernelThreads()?.rounds() ?? 0) : 0;
  const shareable = typeof SharedArrayBuffer === "function";
  const threadNote = threads > 1 ? undefined : !shareable ? "one thread: memory cannot be shared here (a page that is not cross-origin isolated)" : "one thread: this engine started no kernel threads";
  return {
    backend,
    ...(note ? { note } : {}),
    threads,
    ...(threadNote ? { threadNote } : {}),
    threadRounds,
    fusedMultiplyAdd: backend === "wasm" && wasmFusedMultiplyAdd(),
    memoryBytes: wasmMemoryBytes(),
  };
}
