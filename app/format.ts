import type { TensorStats } from "../kernel/tensor/stats.ts";
import { formatShape, sizeOf } from "../kernel/tensor/tensor.ts";

/** A tensor statistic as the page and the reports print it: three decimals, or exponent form when tiny or huge. */
export const formatStat = (x: number) => (!Number.isFinite(x) ? String(x) : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(3));

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The statistics part of a tensor's line, true to what it holds: "empty", "all NaN", or min,
 * max and mean of the values that are not NaN, with how many are.
 */
export function statsText({ min, max, mean, nan }: TensorStats, shape: readonly number[]): string {
  const size = sizeOf(shape);
  if (size === 0) return "empty";
  if (nan === size) return "all NaN";
  const text = `min ${formatStat(min)} · max ${formatStat(max)} · mean ${formatStat(mean)}`;
  return nan ? `${text} · ${nan} NaN` : text;
}

/**
 * The inner markup of a tensor's line, the same in the page and in a report: its name, shape
 * and op, and its statistics (the page fills them in when the worker answers).
 */
export function tensorLineHtml(name: string | null, shape: readonly number[], op: string, stats: string): string {
  const label = name ? `<span class="name">${escapeHtml(name)}</span> = ` : "";
  return `${label}<span class="shape">tensor ${formatShape(shape)}</span> <span class="op">${escapeHtml(op)}</span> <span class="stats" aria-live="off">${escapeHtml(stats)}</span>`;
}
