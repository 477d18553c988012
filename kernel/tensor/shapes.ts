import type { ShapeInfo } from "./op.ts";
import { getOp } from "./ops/index.ts";

/**
 * Shapes before values: what each layer produces, costs and sees, from shapes alone, so a bad
 * stride is reported at edit time without computing anything.
 */

/** One op's output shape, parameter count, multiply-adds and windows; throws the op's own error. */
export function inferShape(op: string, shapes: Record<string, readonly number[] | undefined>, options: Record<string, unknown> = {}): ShapeInfo {
  return getOp(op).infer(shapes, options);
}

export interface ChainLayer {
  op: string;
  name?: string;
  /** Shapes of the layer's parameters and target, when it has them. */
  weight?: readonly number[];
  bias?: readonly number[];
  target?: readonly number[];
  options?: Record<string, unknown>;
}

/** The part of the input one output unit sees along one spatial axis. */
export interface AxisField {
  /** Receptive field size in input positions. */
  size: number;
  /** Effective stride: input positions between neighbouring output units. */
  stride: number;
  /** Input position of the field's first element for output unit 0 (negative: it reaches into padding). */
  start: number;
}

export interface LayerAnalysis extends ShapeInfo {
  name: string;
  op: string;
  /** Per spatial axis of the input; `null` once a layer mixes all positions (flatten, linear). */
  receptiveField: AxisField[] | null;
}

/** The receptive field after one more layer, from the field of its input (null: not a window). */
export function composeField(field: AxisField[] | null, info: ShapeInfo): AxisField[] | null {
  if (info.windows === null || !field) return null;
  const windows = info.windows;
  if (!windows) return field;
  if (windows.length !== field.length) return null;
  return field.map((f, axis) => ({
    size: f.size + (windows[axis].kernel - 1) * f.stride,
    start: f.start - windows[axis].padding * f.stride,
    stride: f.stride * windows[axis].stride,
  }));
}

/**
 * Walks a chain of layers from an input shape [N, C, spatial...]. The receptive field follows
 * the usual recursion per axis: size += (k - 1)·stride_so_far, start -= padding·stride_so_far,
 * stride_so_far *= stride, with k the dilated kernel extent.
 */
export function analyzeChain(inputShape: readonly number[], layers: readonly ChainLayer[]): LayerAnalysis[] {
  let shape = [...inputShape];
  let field: AxisField[] | null = inputShape.slice(2).map(() => ({ size: 1, stride: 1, start: 0 }));
  return layers.map((layer, i) => {
    const options = { ...layer.options, name: layer.name ?? layer.options?.name };
    const info = inferShape(layer.op, { x: shape, weight: layer.weight, bias: layer.bias, target: layer.target }, options);
    field = composeField(field, info);
    shape = info.shape;
    return { ...info, name: layer.name ?? `${layer.op}${i + 1}`, op: layer.op, receptiveField: field };
  });
}
