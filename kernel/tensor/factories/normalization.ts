import { wants, type Grads, type RunContext } from "../op.ts";
import { allocate, dtypeOf, type Data, type DType, type Tensor } from "../tensor.ts";

/** What a normalisation op keeps for its backward pass. */
export interface NormSaved {
  xhat: Float64Array;
  rstd: Float64Array;
  layout: NormLayout;
  /** Channels (the length of weight and bias), and their shape. */
  M: number;
  paramShape: number[];
  xShape: number[];
  weight?: Data;
  hasBias: boolean;
  /** The statistics were given (batch norm in evaluation), not taken from x: x̂ is then affine in x. */
  fixedStatistics: boolean;
}

/** A float64 scratch array as a tensor's data of the given dtype. */
function copyAs(values: Float64Array, dtype: DType): Data {
  const out = allocate(values.length, dtype);
  out.set(values);
  return out;
}

/**
 * Which elements are normalised together: `groups` sets of `size` elements each, element k of
 * group g at `index(g, k)`, and the channel whose weight and bias an element takes. Layer norm:
 * contiguous blocks of the last axes; group norm: a sample's channels in groups; batch norm: a
 * channel across the batch and the positions.
 */
export interface NormLayout {
  groups: number;
  size: number;
  index(g: number, k: number): number;
  channel(i: number): number;
}

/** x̂ = (x - mean) / sqrt(var + eps) per group, with the batch's (biased) variance; and 1 / sqrt(var + eps) per group. */
export function normalize(layout: NormLayout, x: Data, eps: number): { xhat: Float64Array; rstd: Float64Array; mean: Float64Array; variance: Float64Array } {
  const xhat = new Float64Array(x.length);
  const { groups, size } = layout;
  const rstd = new Float64Array(groups),
    mean = new Float64Array(groups),
    variance = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let k = 0; k < size; k++) s += x[layout.index(g, k)];
    const m = s / size;
    let v = 0;
    for (let k = 0; k < size; k++) {
      const d = x[layout.index(g, k)] - m;
      v += d * d;
    }
    v /= size;
    const r = 1 / Math.sqrt(v + eps);
    for (let k = 0; k < size; k++) {
      const i = layout.index(g, k);
      xhat[i] = (x[i] - m) * r;
    }
    mean[g] = m;
    variance[g] = v;
    rstd[g] = r;
  }
  return { xhat, rstd, mean, variance };
}

/**
 * The gradient through x̂ when the statistics came from the group itself:
 * dx = rstd · (dx̂ - mean(dx̂) - x̂ · mean(dx̂ · x̂)), per group.
 */
function normalizeBackward(layout: NormLayout, dxhat: Float64Array, xhat: Float64Array, rstd: Float64Array, out: Data): void {
  const { groups, size } = layout;
  for (let g = 0; g < groups; g++) {
    let a = 0,
      b = 0;
    for (let k = 0; k < size; k++) {
      const i = layout.index(g, k);
      a += dxhat[i];
      b += dxhat[i] * xhat[i];
    }
    a /= size;
    b /= size;
    for (let k = 0; k < size; k++) {
      const i = layout.index(g, k);
      out[i] = rstd[g] * (dxhat[i] - a - xhat[i] * b);
    }
  }
}

/** The op's output: y = x̂ · weight[channel] + bias[channel] (either may be absent), in x's shape and dtype. */
export function affine(x: Tensor, xhat: Float64Array, channel: (i: number) => number, weight: Tensor | undefined, bias: Tensor | undefined): Tensor {
  const out = allocate(xhat.length, dtypeOf(x));
  for (let i = 0; i < xhat.length; i++) {
    const c = channel(i);
    out[i] = xhat[i] * (weight ? weight.data[c] : 1) + (bias ? bias.data[c] : 0);
  }
  return { shape: [...x.shape], data: out };
}

/**
 * The gradients of every normalisation op: through the affine part (dx̂ = g · weight, dweight
 * = Σ g · x̂, dbias = Σ g per channel), then through x̂ (normalizeBackward, or a plain scale by
 * 1 / sqrt(var + eps) when the statistics were fixed).
 */
export function normalizationGrads(gradOutput: Tensor, s: NormSaved, run?: RunContext): Grads {
  const { xhat, rstd, layout, M, weight } = s;
  const g = gradOutput.data,
    dtype = dtypeOf(gradOutput);
  const dxhat = new Float64Array(g.length),
    dweight = new Float64Array(M),
    dbias = new Float64Array(M);
  for (let i = 0; i < g.length; i++) {
    const c = layout.channel(i);
    dxhat[i] = g[i] * (weight ? weight[c] : 1);
    dweight[c] += g[i] * xhat[i];
    dbias[c] += g[i];
  }
  const grads: Grads = {};
  if (wants(run, "x")) {
    const dx = allocate(g.length, dtype);
    if (s.fixedStatistics) for (let i = 0; i < dx.length; i++) dx[i] = dxhat[i] * rstd[layout.channel(i)];
    else normalizeBackward(layout, dxhat, xhat, rstd, dx);
    grads.x = { shape: [...s.xShape], data: dx };
  }
  if (weight && wants(run, "weight")) grads.weight = { shape: [...s.paramShape], data: copyAs(dweight, dtype) };
  if (s.hasBias && wants(run, "bias")) grads.bias = { shape: [...s.paramShape], data: copyAs(dbias, dtype) };
  return grads;
}
