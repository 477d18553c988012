import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./generated/kernels_wasm.ts";

/** The kernels' exports (assembly/index.ts): pointers are byte offsets into `memory`. */
export interface WasmKernels {
  memory: WebAssembly.Memory;
  convForward(...args: number[]): void;
  convGradInput(...args: number[]): void;
  convGradWeight(...args: number[]): void;
  gemm(A: number, B: number, C: number, M: number, N: number, K: number, accumulate: number): void;
  zero(at: number, floats: number): void;
  reluForward(x: number, y: number, n: number): void;
  reluBackward(g: number, x: number, dx: number, n: number): void;
  maxPoolForward(...args: number[]): void;
  copy(to: number, from: number, floats: number): void;
  phasePlanes(x: number, C: number, inH: number, inW: number, pH: number, pW: number, Hp: number, Wp: number, s: number, xq: number): void;
  unphasePlanes(xq: number, C: number, inH: number, inW: number, pH: number, pW: number, Hp: number, Wp: number, s: number, x: number): void;
}

let loaded: WasmKernels | undefined;
let unavailable: string | undefined;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

async function instantiate(): Promise<WasmKernels | undefined> {
  try {
    const bytes = bytesOf(KERNELS_WASM_BASE64);
    // A runtime without 128-bit SIMD refuses the module: the reference backend runs instead.
    if (!WebAssembly.validate(bytes)) {
      unavailable = "this runtime has no WebAssembly SIMD";
      return undefined;
    }
    const { instance } = await WebAssembly.instantiate(bytes, {});
    loaded = instance.exports as unknown as WasmKernels;
    return loaded;
  } catch (error) {
    unavailable = `the WebAssembly kernels did not load: ${(error as Error).message}`;
    return undefined;
  }
}

/**
 * Compiled once per thread, asynchronously (a page's main thread may not compile a module of
 * this size synchronously); until it is ready the reference backend computes. The engine's
 * worker waits for it before its first job.
 */
export const wasmReady: Promise<WasmKernels | undefined> = instantiate();

/** The kernels if they are ready, else undefined. */
export const wasmKernels = (): WasmKernels | undefined => loaded;

/** What kernel threads need to run the kernels on this thread's memory. */
export interface SharedKernels {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

/**
 * Moves this thread's kernels onto a shared memory (the module built for it), so that kernel
 * threads can work in the same memory; undefined where memory cannot be shared (no
 * SharedArrayBuffer: a page that is not cross-origin isolated) or the kernels did not load.
 */
export async function shareKernels(): Promise<SharedKernels | undefined> {
  if (typeof SharedArrayBuffer !== "function" || !(await wasmReady)) return undefined;
  try {
    const module = await WebAssembly.compile(bytesOf(KERNELS_SHARED_WASM_BASE64));
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    loaded = { ...(instance.exports as object), memory } as WasmKernels;
    return { module, memory };
  } catch {
    return undefined; // the unshared kernels stay
  }
}

/** Bytes the kernels' memory holds now (it grows to the largest op and never shrinks). */
export const wasmMemoryBytes = (): number => loaded?.memory.buffer.byteLength ?? 0;

/** Why there are no kernels (no SIMD, a failed load), or undefined while loading or once loaded. */
export const wasmUnavailable = (): string | undefined => unavailable;
