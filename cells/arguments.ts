import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { formatValue } from "../kernel/tensor/errors.ts";

/** How a wrong argument is described in an error: enough to see what went wrong. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (value instanceof Promise) return "a promise (await it first)";
  if (value instanceof LayerValue) return String(value);
  if (Array.isArray(value)) return "an array (make it a tensor with tensor(data, shape))";
  if (typeof value === "object") return `an object with keys ${Object.keys(value).join(", ") || "(none)"}`;
  if (typeof value === "function") return "a function";
  return `${typeof value} ${formatValue(value)}`;
}

/** A tensor argument of a layer, or a clear error naming the layer and the argument. */
export function expectTensor(value: unknown, who: string, what: string): LayerValue {
  if (value instanceof LayerValue) return value;
  throw new Error(`${who}: expected ${what} to be a tensor, got ${describe(value)}`);
}

/**
 * The options argument: an object or nothing. With `known`, an option not among them is an
 * error (a misspelt option must not be ignored); ops check their own options in the engine.
 */
export function expectOptions(value: unknown, who: string, known?: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof LayerValue)) {
    const unknown = known ? Object.keys(value).filter((k) => !known.includes(k)) : [];
    if (unknown.length) {
      throw new Error(`${who}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (it takes ${known!.join(", ")})`);
    }
    return value as Record<string, unknown>;
  }
  throw new Error(`${who}: expected an options object ({name: value, ...}) or nothing, got ${describe(value)}`);
}

/** A shape argument: a list of positive integers. */
export function expectShape(value: unknown, who: string): number[] {
  if (Array.isArray(value) && value.every((d) => Number.isInteger(d) && d >= 0)) return value as number[];
  throw new Error(`${who}: expected a shape such as [1, 1, 28, 28], got ${describe(value)}`);
}
