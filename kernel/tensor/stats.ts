/**
 * The statistics of a tensor's one-line summary, computed where the data lives (the worker).
 * NaN is counted, not folded in: one NaN would otherwise turn the mean into NaN and hide the
 * range of every other value. min, max and mean are of the values that are not NaN (±Infinity
 * included); with no such value (an empty tensor, or all NaN) they are NaN, and `nan` together
 * with the size says which.
 */
export interface TensorStats {
  min: number;
  max: number;
  mean: number;
  /** How many values are NaN. */
  nan: number;
}

export function tensorStats(data: ArrayLike<number>): TensorStats {
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    nan = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) {
      nan++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const count = data.length - nan;
  if (count === 0) return { min: NaN, max: NaN, mean: NaN, nan };
  let mean = sum / count;
  // Finite float64 values near the top of the range can overflow the sum; averaging term by
  // term keeps their mean finite. (With infinities present the mean is infinite or, with both
  // signs, NaN, which is what it is.)
  if (!Number.isFinite(mean) && Number.isFinite(min) && Number.isFinite(max)) {
    mean = 0;
    for (let i = 0; i < data.length; i++) if (data[i] === data[i]) mean += data[i] / count;
  }
  return { min, max, mean, nan };
}
