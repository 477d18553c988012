import { formatBytes } from "../bytes.ts";
import type { WasmKernels } from "./module.ts";

/** The most memory the engine's kernels may take (WebAssembly's 32-bit addresses allow 4 GB). */
export const WASM_MEMORY_LIMIT_BYTES = 2e9;
let limitBytes = WASM_MEMORY_LIMIT_BYTES;

/** Lowers (or restores) the limit: for tests, which cannot afford to fill 2 GB. */
export function setWasmMemoryLimit(bytes: number = WASM_MEMORY_LIMIT_BYTES): void {
  limitBytes = Math.min(bytes, WASM_MEMORY_LIMIT_BYTES);
}
const PAGE = 65536;
/** Pointer 0 means "none" to the kernels (no bias): allocations start above it. */
const BASE = 64;

/**
 * The kernels' working memory for one op at a time: a bump allocator reset before each op,
 * so memory is reused across jobs and grows only to the largest op seen (never past the limit).
 */
export class Arena {
  private top = BASE;
  constructor(readonly kernels: WasmKernels) {}

  /** Forgets every allocation (at the start of each op). */
  reset(): void {
    this.top = BASE;
  }

  /** Room for `floats` float32 values, 16-byte aligned; `who` names the layer in the error. */
  alloc(floats: number, who: string): number {
    const at = this.top;
    const end = at + Math.ceil((floats * 4) / 16) * 16;
    if (end > limitBytes) throw new Error(`${who}: needs ${formatBytes(end)} of engine memory, more than the ${formatBytes(limitBytes)} the engine may use`);
    const memory = this.kernels.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    this.top = end;
    return at;
  }

  /** A float32 view of an allocation (made after any growth: growing detaches old views). */
  view(at: number, floats: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, at, floats);
  }

  /** Copies `data` in and returns where. */
  put(data: ArrayLike<number> & { length: number }, who: string): number {
    const at = this.alloc(data.length, who);
    this.view(at, data.length).set(data as Float32Array);
    return at;
  }

  /** Bytes the memory holds now (it never shrinks). */
  get bytes(): number {
    return this.kernels.memory.buffer.byteLength;
  }
}

let current: Arena | undefined;

/** The one arena of this thread's kernels, emptied for the op about to run (ops run one at a time). */
export function arenaFor(kernels: WasmKernels): Arena {
  if (current?.kernels !== kernels) current = new Arena(kernels); // the kernels moved to a shared memory
  current.reset();
  return current;
}
