import { formatShape } from "./tensor.ts";

/**
 * Every error the engine throws says which op and which layer, what was expected and what
 * came. The runtime passes only the message to dependent cells, so it must stand alone:
 *   conv2d "conv1": expected input [N, 3, H, W], got [8, 28, 28, 3]
 */
export interface OpContext {
  op: string;
  /** The layer (cell) name, when the op runs inside a named layer. */
  name?: string;
}

export class OpError extends Error {
  readonly op: string;
  readonly layer?: string;
  constructor(ctx: OpContext, detail: string) {
    super(`${label(ctx)}: ${detail}`);
    this.name = "OpError";
    this.op = ctx.op;
    this.layer = ctx.name;
  }
}

export function label(ctx: OpContext): string {
  return ctx.name ? `${ctx.op} "${ctx.name}"` : ctx.op;
}

export function fail(ctx: OpContext, detail: string): never {
  throw new OpError(ctx, detail);
}

/** Widens a scalar option to one value per axis; a list must have exactly one per axis. */
export function perAxis(ctx: OpContext, option: string, value: number | readonly number[], axes: number): number[] {
  const values = typeof value === "number" ? new Array<number>(axes).fill(value) : [...value];
  if (values.length !== axes) {
    fail(ctx, `${option} needs ${axes} value${axes > 1 ? "s" : ""} (one per spatial axis), got ${formatShape(values)}`);
  }
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) fail(ctx, `${option} must be finite numbers, got ${formatValue(value)}`);
    if (!Number.isInteger(v)) fail(ctx, `${option} must be integers, got ${formatValue(value)}`);
  }
  return values;
}

/** Checks every value of an integer option is at least `min`. */
export function atLeast(ctx: OpContext, option: string, values: readonly number[], min: number): void {
  if (values.some((v) => v < min)) {
    const what = min === 0 ? "non-negative" : `>= ${min}`;
    fail(ctx, `${option} must be ${what}, got ${formatValue(values.length === 1 ? values[0] : values)}`);
  }
}

/** A scalar option that must be a finite integer no smaller than `min`. */
export function integerOption(ctx: OpContext, option: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !Number.isInteger(value)) {
    fail(ctx, `${option} must be a finite integer, got ${formatValue(value)}`);
  }
  if (value < min) fail(ctx, `${option} must be >= ${min}, got ${value}`);
  return value;
}

export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return formatShape(value.map((v) => String(v)));
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** Names the spatial axes the way users read them. */
export function axisNames(spatial: number): string[] {
  return spatial === 1 ? ["L"] : spatial === 2 ? ["H", "W"] : Array.from({ length: spatial }, (_, i) => `D${i}`);
}
