import { KERNELS_RELAXED_SHARED_WASM_BASE64, KERNELS_RELAXED_WASM_BASE64, KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./generated/kernels_wasm.ts";

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
  sigmoidForward(x: number, y: number, n: number): void;
  sigmoidBackward(g: number, y: number, dx: number, n: number): void;
  tanhForward(x: number, y: number, n: number): void;
  tanhBackward(g: number, y: number, dx: number, n: number): void;
  maxPoolForward(...args: number[]): void;
  maxPoolBackward(g: number, argmax: number, planes: number, outPlane: number, inPlane: number, dx: number): void;
  copy(to: number, from: number, floats: number): void;
  /** Multiply-adds on registers only (iterations × 48): the bench's measured ceiling. */
  peakMultiplyAdds(iterations: number): number;
  phasePlanes(x: number, C: number, inH: number, inW: number, pH: number, pW: number, Hp: number, Wp: number, s: number, xq: number): void;
  unphasePlanes(xq: number, C: number, inH: number, inW: number, pH: number, pW: number, Hp: number, Wp: number, s: number, x: number): void;
}

let loaded: WasmKernels | undefined;
let unavailable: string | undefined;
/** Whether the loaded module is the relaxed-SIMD one (fused multiply-add in the loops). */
let fused = false;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Whether this runtime takes the relaxed-SIMD module. Chromium does (since 114), as does Node
 * from 22; Node 20's V8 (11.3) has it behind a flag. V8 reads its wasm feature flags when a
 * module is compiled and they hold for the whole process, so in Node the flag is set here,
 * before the first compile, for this thread and the kernel threads alike.
 * SCANBOOK_RELAXED_SIMD=0 keeps the plain module (the tests compare both with the reference).
 */
function relaxedSimd(bytes: Uint8Array<ArrayBuffer>): boolean {
  const node = (globalThis as { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } }).process;
  if (node?.env?.SCANBOOK_RELAXED_SIMD === "0") return false;
  if (WebAssembly.validate(bytes)) return true;
  const v8 = node?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined;
  if (!v8) return false;
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  return WebAssembly.validate(bytes);
}

async function instantiateBytes(bytes: Uint8Array<ArrayBuffer>): Promise<WasmKernels> {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return instance.exports as unknown as WasmKernels;
}

/** One of the modules on a memory of its own (tests compare the plain and the relaxed one). */
export function instantiateKernels(relaxed: boolean): Promise<WasmKernels> {
  return instantiateBytes(bytesOf(relaxed ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64));
}

async function instantiate(): Promise<WasmKernels | undefined> {
  try {
    // A runtime without 128-bit SIMD refuses the module: the reference backend runs instead.
    // Each module decoded once: validated, then instantiated from the same bytes.
    const plain = bytesOf(KERNELS_WASM_BASE64);
    if (!WebAssembly.validate(plain)) {
      unavailable = "this runtime has no WebAssembly SIMD";
      return undefined;
    }
    const relaxed = bytesOf(KERNELS_RELAXED_WASM_BASE64);
    fused = relaxedSimd(relaxed);
    loaded = await instantiateBytes(fused ? relaxed : plain);
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
    const module = await WebAssembly.compile(bytesOf(fused ? KERNELS_RELAXED_SHARED_WASM_BASE64 : KERNELS_SHARED_WASM_BASE64));
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    loaded = { ...(instance.exports as object), memory } as WasmKernels;
    return { module, memory };
  } catch {
    return undefined; // the unshared kernels stay
  }
}

/**
 * Puts other kernels in place of the loaded ones and returns those (tests run the same
 * comparisons on both modules); undefined puts none, as before loading.
 */
export function replaceKernels(kernels: WasmKernels | undefined, relaxed: boolean): { kernels: WasmKernels | undefined; relaxed: boolean } {
  const before = { kernels: loaded, relaxed: fused };
  loaded = kernels;
  fused = relaxed;
  return before;
}

/** Whether the kernels loaded are the relaxed-SIMD module (fused multiply-add). */
export const wasmFusedMultiplyAdd = (): boolean => loaded !== undefined && fused;

/** Bytes the kernels' memory holds now (it grows to the largest op and never shrinks). */
export const wasmMemoryBytes = (): number => loaded?.memory.buffer.byteLength ?? 0;

/** Why there are no kernels (no SIMD, a failed load), or undefined while loading or once loaded. */
export const wasmUnavailable = (): string | undefined => unavailable;
