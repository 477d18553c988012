import { wasmKernels, wasmUnavailable } from "./wasm/module.ts";

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
