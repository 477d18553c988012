import { formatBytes } from "../tensor/bytes.ts";
import { formatShape, sizeOf } from "../tensor/tensor.ts";

export { formatBytes };

/** Bytes per value: the engine's tensors are float32. */
const BYTES_PER_VALUE = 4;

/**
 * The most one tensor may take when nothing says otherwise: 4 GB, which is also about what a
 * typed array or a 32-bit WebAssembly memory can hold. Openers lower it to a share of the
 * machine's memory where they know it.
 */
export const DEFAULT_TENSOR_BUDGET_BYTES = 4e9;

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
