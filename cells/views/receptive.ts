import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { composeField, type AxisField } from "../../kernel/tensor/shapes.ts";

/** The data path that made a value: itself, then what flowed into it through `x`, back to the input. */
export function dataPath(value: LayerValue): LayerValue[] {
  const path: LayerValue[] = [];
  for (let v: LayerValue | undefined = value; v && !path.includes(v); v = v.inputs.x) path.push(v);
  return path;
}

/**
 * How units of `later` see `earlier` (an earlier value on its data path): per spatial axis, the
 * window size, the step between neighbouring units' windows, and where unit 0's window starts
 * (negative inside the padding). Null when `earlier` is not on the path, or a layer between
 * mixes all positions (flatten, linear).
 */
export function fieldBetween(earlier: LayerValue, later: LayerValue): AxisField[] | null {
  const path = dataPath(later);
  const at = path.indexOf(earlier);
  if (at < 0) return null;
  let field: AxisField[] | null = earlier.shape.slice(2).map(() => ({ size: 1, stride: 1, start: 0 }));
  for (let i = at - 1; i >= 0; i--) {
    const info = path[i].info;
    if (info) field = composeField(field, info);
    if (!field) return null;
  }
  return field;
}

/** A window in an earlier map: per axis [first, last] indices, clipped to the map (null: all padding). */
export type Window = Array<[number, number]>;

/** The window of `earlier` that unit `position` (one index per spatial axis) of the later map sees. */
export function windowAt(field: readonly AxisField[], position: readonly number[], earlierSpatial: readonly number[]): Window | null {
  const window: Window = [];
  for (let axis = 0; axis < field.length; axis++) {
    const f = field[axis];
    const start = f.start + position[axis] * f.stride;
    const first = Math.max(0, start),
      last = Math.min(earlierSpatial[axis] - 1, start + f.size - 1);
    if (first > last) return null;
    window.push([first, last]);
  }
  return window;
}
