import { formatShape, type Tensor } from "../tensor/tensor.ts";

/** allclose as in PyTorch: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-4 };

export interface ValueMismatch {
  /** Elements outside the tolerance, and how many there are. */
  wrong: number;
  total: number;
  /** The element with the largest error relative to the tolerance, as an index into data. */
  worst: number;
  maxAbsError: number;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Values compared element by element (shapes already equal); undefined when all are close. */
export function valueMismatch(actual: Tensor, expected: Tensor, tol: Tolerance): ValueMismatch | undefined {
  let wrong = 0,
    worst = -1,
    worstScore = 1,
    maxAbsError = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i],
      e = expected.data[i];
    const err = Math.abs(a - e);
    const bound = tol.atol + tol.rtol * Math.abs(e);
    // NaN compares false, so a NaN is wrong and the worst of all.
    const score = Number.isNaN(err) ? Infinity : err / bound;
    if (!(err <= bound)) {
      wrong++;
      if (score > worstScore || worst < 0) {
        worst = i;
        worstScore = score;
      }
    }
    if (err > maxAbsError || Number.isNaN(err)) maxAbsError = Number.isNaN(err) ? NaN : Math.max(maxAbsError, err);
  }
  return wrong ? { wrong, total: expected.data.length, worst, maxAbsError } : undefined;
}

export function allClose(actual: Tensor, expected: Tensor, tol: Tolerance): boolean {
  return sameShape(actual.shape, expected.shape) && !valueMismatch(actual, expected, tol);
}

/** The multi-index of a flat row-major index, for messages: [0, 2, 5]. */
export function indexOf(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** Per-element relative error |a − e| / (|e| + atol): the map a failed gradient check shows. */
export function relativeError(actual: Tensor, expected: Tensor, tol: Tolerance): Tensor {
  const data = new Float64Array(expected.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.abs(actual.data[i] - expected.data[i]) / (Math.abs(expected.data[i]) + tol.atol);
  return { shape: [...expected.shape], data };
}

export function difference(actual: Tensor, expected: Tensor): Tensor {
  const data = new Float64Array(expected.data.length);
  for (let i = 0; i < data.length; i++) data[i] = actual.data[i] - expected.data[i];
  return { shape: [...expected.shape], data };
}

export const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);
export const shapeText = formatShape;
