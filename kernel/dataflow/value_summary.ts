import { formatShape, sizeOf } from "../tensor/tensor.ts";
import { LayerValue } from "./layer_value.ts";

/**
 * One statistic as JSON can hold it. JSON has no NaN or Infinity (JSON.stringify writes null
 * for them, which would read as "no value"), so they are the strings "Infinity", "-Infinity"
 * and "NaN" (a mean of +Infinity and -Infinity), as in protobuf's JSON mapping; null is kept
 * for "nothing to take it of": an empty tensor, or one that is all NaN.
 */
export type Stat = number | "Infinity" | "-Infinity" | "NaN" | null;

/** min, max and mean are of the values that are not NaN; `nan` counts the others. */
export interface TensorSummary {
  shape: number[];
  min: Stat;
  max: Stat;
  mean: Stat;
  nan: number;
}
export type ValueSummary = TensorSummary | number | boolean | string | null;

const MAX_TEXT = 120;

function short(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}

function stat(v: number): Stat {
  if (Number.isFinite(v)) return v;
  return v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : "NaN";
}

/**
 * A tensor's summary from the worker's statistics (kernel/tensor/stats.ts); `nan` may be
 * absent when there is none. Emptiness and all-NaN are read from the shape and the count,
 * not from the statistics, which have nothing to say then.
 */
export function tensorSummary(shape: readonly number[], stats: { min: number; max: number; mean: number; nan?: number }): TensorSummary {
  const nan = stats.nan ?? 0;
  if (sizeOf(shape) - nan <= 0) return { shape: [...shape], min: null, max: null, mean: null, nan };
  return { shape: [...shape], min: stat(stats.min), max: stat(stats.max), mean: stat(stats.mean), nan };
}

/** What a headless run prints for a value: a tensor's shape and statistics, a number, a short string. */
export async function summarizeValue(value: unknown): Promise<ValueSummary> {
  if (value instanceof LayerValue) return tensorSummary(value.shape, await value.stats());
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (value === undefined) return null;
  if (typeof value === "string") return short(value);
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (Array.isArray(value)) return short(`array(${value.length}) ${JSON.stringify(value.slice(0, 8))}`);
  if (typeof value === "object") {
    const own = value.toString;
    if (own !== Object.prototype.toString) return short(String(value));
    const tag = (value as { tagName?: unknown }).tagName;
    if (typeof tag === "string") {
      const label = (value as { getAttribute?(name: string): string | null }).getAttribute?.("aria-label");
      return short(`<${tag.toLowerCase()}> element${label ? `: ${label}` : ""}`);
    }
    return short(`{${Object.keys(value).join(", ")}}`);
  }
  return short(String(value));
}

/**
 * A summary as one line. A tensor says only what is true of it: `empty` with no values,
 * `all NaN` with no others, else the min, max and mean of its non-NaN values and how many
 * NaN it holds besides.
 */
export function formatSummary(summary: ValueSummary): string {
  if (summary !== null && typeof summary === "object") {
    const head = `tensor ${formatShape(summary.shape)}`;
    const nan = summary.nan ?? 0;
    if (sizeOf(summary.shape) === 0) return `${head} empty`;
    if (summary.min === null || summary.max === null || summary.mean === null) return `${head} all NaN`;
    const f = (v: number | string) => (typeof v === "string" || Number.isInteger(v) ? String(v) : v.toPrecision(4));
    const line = `${head} min ${f(summary.min)} max ${f(summary.max)} mean ${f(summary.mean)}`;
    return nan > 0 ? `${line} (${nan} NaN)` : line;
  }
  return typeof summary === "string" ? summary : String(summary);
}
