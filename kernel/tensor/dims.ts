import { fail, formatValue, type OpContext } from "./errors.ts";

/** A dimension index in [-rank, rank), normalised to [0, rank), as PyTorch accepts it. */
export function resolveDim(ctx: OpContext, option: string, dim: unknown, rank: number): number {
  if (typeof dim !== "number" || !Number.isInteger(dim)) fail(ctx, `${option} must be an integer, got ${formatValue(dim)}`);
  if (dim < -rank || dim >= rank) {
    fail(ctx, `${option} ${dim} out of range for a tensor of rank ${rank} (expected ${-rank} to ${rank - 1})`);
  }
  return dim < 0 ? dim + rank : dim;
}

/** How many elements come before axis `dim` in row-major order (outer) and after it (inner). */
export function aroundAxis(shape: readonly number[], dim: number): { outer: number; inner: number } {
  let outer = 1,
    inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, inner };
}

/**
 * Calls `visit(start, step, length)` for every line of elements along `dim`: the elements
 * data[start + i * step] for i < length, for each combination of the other indices.
 */
export function forEachLine(shape: readonly number[], dim: number, visit: (start: number, step: number, length: number) => void): void {
  const { outer, inner } = aroundAxis(shape, dim);
  const length = shape[dim];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) visit(o * length * inner + i, inner, length);
  }
}
