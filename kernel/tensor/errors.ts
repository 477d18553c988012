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

/** "a number or a list of 2 integers": what a per-axis option takes, for its messages. */
function perAxisExpected(axes: number): string {
  return `a number or a list of ${axes} integer${axes > 1 ? "s" : ""}`;
}

/**
 * Widens a scalar option to one value per axis; a list must have exactly one per axis. Any
 * other type (null, a string, a boolean, an object) is named in the error rather than
 * spread, which would fail with "not iterable" or split "22" into two values.
 */
export function perAxis(ctx: OpContext, option: string, value: unknown, axes: number): number[] {
  const values: unknown[] | null = typeof value === "number" ? new Array<number>(axes).fill(value) : Array.isArray(value) ? [...value] : null;
  // The type first: ["same"] is a wrong kind of value before it is a wrong count.
  if (!values || values.some((v) => typeof v !== "number")) {
    fail(ctx, `${option} must be ${perAxisExpected(axes)}, got ${formatValue(value)}`);
  }
  if (values.length !== axes) {
    fail(ctx, `${option} needs ${axes} value${axes > 1 ? "s" : ""} (one per spatial axis), got ${formatValue(values)}`);
  }
  for (const v of values as number[]) {
    if (!Number.isFinite(v)) fail(ctx, `${option} must be finite numbers, got ${formatValue(value)}`);
    if (!Number.isInteger(v)) fail(ctx, `${option} must be integers, got ${formatValue(value)}`);
  }
  return values as number[];
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
  if (typeof value !== "number" || !Number.isInteger(value)) {
    fail(ctx, `${option} must be an integer >= ${min}, got ${formatValue(value)}`);
  }
  if (value < min) fail(ctx, `${option} must be >= ${min}, got ${value}`);
  return value;
}

/**
 * A true/false option; absent means `fallback`. Nothing else is taken for a boolean: the
 * string "false" is truthy and would silently mean true. (PyTorch, too, takes only bool.)
 */
export function booleanOption(ctx: OpContext, option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail(ctx, `${option} must be true or false, got ${formatValue(value)}`);
  return value;
}

const MAX_VALUE_TEXT = 60;

/**
 * A value as a message shows it: strings quoted (so "2" and 2 differ), lists and plain objects
 * spelt out, and anything else by its kind, never "[object Object]".
 */
export function formatValue(value: unknown, depth = 0): string {
  if (Array.isArray(value)) {
    if (depth > 1) return "[...]";
    return clip(`[${value.map((v) => formatValue(v, depth + 1)).join(", ")}]`);
  }
  if (typeof value === "string") return depth > 0 ? clip(JSON.stringify(value)) : JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `a ${proto.constructor?.name ?? "object"}`;
    if (depth > 1) return "{...}";
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v, depth + 1)}`);
    return clip(entries.length ? `{${entries.join(", ")}}` : "{}");
  }
  return String(value);
}

function clip(text: string): string {
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

/** Names the spatial axes the way users read them. */
export function axisNames(spatial: number): string[] {
  return spatial === 1 ? ["L"] : spatial === 2 ? ["H", "W"] : Array.from({ length: spatial }, (_, i) => `D${i}`);
}
