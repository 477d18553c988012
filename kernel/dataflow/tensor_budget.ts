import { formatShape, sizeOf } from "../tensor/tensor.ts";

/** Bytes per value: the engine's tensors are float32. */
const BYTES_PER_VALUE = 4;

/**
 * The most one tensor may take when nothing says otherwise: 4 GB, which is also about what a
 * typed array or a 32-bit WebAssembly memory can hold. Openers lower it to a share of the
 * machine's memory where they know it.
 */
export const DEFAULT_TENSOR_BUDGET_BYTES = 4e9;

/** A size in bytes as people read it: 8.6 GB, 512 MB, 12 kB. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "kB"],
  ];
  if (bytes >= 1e15) return `${bytes.toPrecision(2)} bytes`;
  for (const [size, unit] of units) {
    if (bytes >= size) return `${+(bytes / size).toPrecision(bytes / size >= 100 ? 3 : 2)} ${unit}`;
  }
  return `${bytes} bytes`;
}

/**
 * Refuses a tensor past the budget before anything is allocated, in the cell that asked for
 * it: `randn "big": [32768, 65536] needs 8.6 GB, more than the engine's 4 GB budget`. One
 * such tensor would block the main thread or kill the worker, and every other cell with it.
 */
export function checkBudget(shape: readonly number[], who: string, budgetBytes: number): void {
  const bytes = sizeOf(shape) * BYTES_PER_VALUE;
  if (bytes > budgetBytes) {
    throw new Error(`${who}: ${formatShape(shape)} needs ${formatBytes(bytes)}, more than the engine's ${formatBytes(budgetBytes)} budget for one tensor`);
  }
}
