import { formatShape, sizeOf, type Tensor } from "../tensor/tensor.ts";
import { Opaque } from "./sandbox_protocol.ts";

/**
 * Reading what a student's function returned, as the sandbox sent it back: plain data of the
 * grader's realm (decodeValue), never the student's own objects. It may still be anything
 * (undefined, a nested array, a function said in words), so every read is checked and a bad
 * value becomes a sentence that names the function and the part it was looking for.
 */
export class StudentValueError extends Error {}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Opaque) return value.what || "undefined";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === "object") {
    const keys = Object.keys(value as object)
      .slice(0, 6)
      .map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k));
    return `an object with keys ${keys.join(", ") || "(none)"}`;
  }
  return typeof value === "number" ? `the number ${value}` : typeof value;
}

/** The part of a result at a path such as "gradWeight", "conv.bias" or "0" ("" is the result itself). */
export function partOf(result: unknown, path: string, where: string): unknown {
  if (!path) return result;
  let value = result;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || value instanceof Opaque) {
      throw new StudentValueError(`${where} returned ${describe(result)}; expected ${path} in it`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) throw new StudentValueError(`${where} returned ${describe(result)} without ${path}`);
  return value;
}

/** A student's tensor copied into float64: {shape: integers, data: that many numbers}. */
export function readTensor(value: unknown, what: string): Tensor {
  if (value === null || typeof value !== "object" || value instanceof Opaque || !("shape" in value) || !("data" in value)) {
    throw new StudentValueError(`${what} is ${describe(value)}; expected a tensor {shape, data}`);
  }
  const { shape, data } = value as { shape: unknown; data: unknown };
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new StudentValueError(`${what}.shape should be an array of sizes, got ${describe(shape)}`);
  }
  // Only a real array or typed array (its length bounded by what the sandbox could send), never an object claiming a length.
  if (!Array.isArray(data) && !ArrayBuffer.isView(data)) throw new StudentValueError(`${what}.data should be an array or Float32Array, got ${describe(data)}`);
  const length = (data as ArrayLike<unknown>).length;
  if (length !== sizeOf(shape)) {
    throw new StudentValueError(`${what} has shape ${formatShape(shape)} (${sizeOf(shape)} values) but ${length} values in data`);
  }
  const copy = new Float64Array(length);
  for (let i = 0; i < length; i++) copy[i] = Number((data as ArrayLike<unknown>)[i]);
  return { shape: [...shape], data: copy };
}
