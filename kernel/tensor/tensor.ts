/**
 * The one tensor type of the engine: a row-major buffer and its shape, in PyTorch layouts
 * ([N, C, L], [N, C, H, W], conv weight [Cout, Cin/groups, K...]).
 * Float32 is the default; Float64 is used for gradient checks and golden comparisons.
 */
export type DType = "float32" | "float64";
export type Data = Float32Array | Float64Array;

export interface Tensor {
  shape: number[];
  data: Data;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function dtypeOf(t: Tensor): DType {
  return t.data instanceof Float64Array ? "float64" : "float32";
}

export function allocate(size: number, dtype: DType): Data {
  return dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
}

/** A tensor of zeros, float32 unless told otherwise. */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return { shape: [...shape], data: allocate(sizeOf(shape), dtype) };
}

/** Builds a tensor from plain numbers; the shape defaults to a vector. */
export function tensor(values: ArrayLike<number>, shape?: readonly number[], dtype: DType = "float32"): Tensor {
  const s = shape ? [...shape] : [values.length];
  if (sizeOf(s) !== values.length) {
    throw new Error(`tensor: shape [${s.join(", ")}] holds ${sizeOf(s)} values, got ${values.length}`);
  }
  const data = allocate(values.length, dtype);
  data.set(values);
  return { shape: s, data };
}

export function full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}

/** Same data, new shape (no copy): the caller guarantees the sizes agree. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  return { shape: [...shape], data: t.data };
}

export function cast(t: Tensor, dtype: DType): Tensor {
  if (dtypeOf(t) === dtype) return t;
  const data = allocate(t.data.length, dtype);
  data.set(t.data);
  return { shape: [...t.shape], data };
}

export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(", ")}]`;
}
