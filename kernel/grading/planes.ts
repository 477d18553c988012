import type { Tensor } from "../tensor/tensor.ts";
import { indexOf, round } from "./compare.ts";

/**
 * A 2-D slice of a tensor for the feedback heatmaps: the plane holding the element of
 * interest (the worst one), i.e. [C, W] of one sample for [N, C, W], [H, W] of one sample
 * and channel for [N, C, H, W]. Values are rounded so a result stays small as JSON.
 */
export interface Plane {
  rows: number;
  cols: number;
  values: number[];
  /** The leading indices that select the plane, e.g. [0, 2] for sample 0, channel 2. */
  at: number[];
  /** Row and column of the marked element, if any. */
  mark?: [number, number];
}

const MAX_SIDE = 64;

export function planeOf(t: Tensor, flat = 0, marked = false): Plane {
  const shape = t.shape.length === 0 ? [1] : t.shape;
  const index = indexOf(flat, shape);
  const cols = shape[shape.length - 1],
    rows = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const lead = shape.length >= 2 ? index.slice(0, -2) : [];
  // For [N, C, W] one sample's channels × positions reads better than a single row.
  const origin = lead.reduce((o, i, d) => o * shape[d] + i, 0) * rows * cols;
  const r = Math.min(rows, MAX_SIDE),
    c = Math.min(cols, MAX_SIDE);
  const values: number[] = [];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) values.push(round(t.data[origin + i * cols + j]));
  const row = shape.length >= 2 ? index[index.length - 2] : 0,
    col = index[index.length - 1];
  return { rows: r, cols: c, values, at: lead, ...(marked && row < r && col < c ? { mark: [row, col] as [number, number] } : {}) };
}
