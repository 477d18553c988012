import { formatShape, sizeOf, type Tensor } from "../tensor/tensor.ts";

/**
 * Reading what a student's function returned. The value may be anything (undefined, a nested
 * array, an object whose getters throw), so every read is checked and a bad value becomes a
 * sentence that names the function and the part it was looking for.
 */
export class StudentValueError extends Error {}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return `an object with keys ${Object.keys(value as object).slice(0, 6).join(", ") || "(none)"}`;
  return typeof value === "number" ? `the number ${value}` : typeof value;
}

/** The part of a result at a path such as "gradWeight", "conv.bias" or "0" ("" is the result itself). */
export function partOf(result: unknown, path: string, where: string): unknown {
  if (!path) return result;
  let value = result;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") {
      throw new StudentValueError(`${where} returned ${describe(result)}; expected ${path} in it`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) throw new StudentValueError(`${where} returned ${describe(result)} without ${path}`);
  return value;
}

/** A student's tensor copied into float64: {shape: integers, data: that many numbers}. */
export function readTensor(value: unknown, what: string): Tensor {
  if (value === null || typeof value !== "object" || !("shape" in value) || !("data" in value)) {
    throw new StudentValueError(`${what} is ${describe(value)}; expected a tensor {shape, data}`);
  }
  const { shape, data } = value as { shape: unknown; data: unknown };
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new StudentValueError(`${what}.shape should be an array of sizes, got ${describe(shape)}`);
  }
  const length = (data as { length?: unknown } | null)?.length;
  if (typeof length !== "number") throw new StudentValueError(`${what}.data should be an array or Float32Array, got ${describe(data)}`);
  if (length !== sizeOf(shape)) {
    throw new StudentValueError(`${what} has shape ${formatShape(shape)} (${sizeOf(shape)} values) but ${length} values in data`);
  }
  const copy = new Float64Array(length);
  for (let i = 0; i < length; i++) copy[i] = Number((data as ArrayLike<unknown>)[i]);
  return { shape: [...shape], data: copy };
}
