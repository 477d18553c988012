import { formatShape } from "../tensor/tensor.ts";
import { LayerValue } from "./layer_value.ts";

export interface TensorSummary { shape: number[]; min: number; max: number; mean: number }
export type ValueSummary = TensorSummary | number | boolean | string | null;

const MAX_TEXT = 120;

function short(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}

/** What a headless run prints for a value: a tensor's shape and statistics, a number, a short string. */
export async function summarizeValue(value: unknown): Promise<ValueSummary> {
  if (value instanceof LayerValue) {
    const { min, max, mean } = await value.stats();
    return { shape: [...value.shape], min, max, mean };
  }
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

export function formatSummary(summary: ValueSummary): string {
  if (summary !== null && typeof summary === "object") {
    const f = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));
    return `tensor ${formatShape(summary.shape)} min ${f(summary.min)} max ${f(summary.max)} mean ${f(summary.mean)}`;
  }
  return typeof summary === "string" ? summary : String(summary);
}
