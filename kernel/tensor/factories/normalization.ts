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
 * Which elements are normalised together, as strides (the loops below run over contiguous
 * runs, with no index arithmetic per element): `groups` sets, set g made of `runs` contiguous
 * runs of `run` elements, the r-th starting at g·groupStride + r·runStride. Elements come in
 * blocks of `channelSize` that share a channel (its weight and bias), the blocks cycling
 * through `channels`. Layer norm: one run of the last axes per set, a channel per element;
 * group norm: one run of a sample's channels per set; batch norm: a channel across the batch,
 * one run of positions per sample.
 */
export interface NormLayout {
  groups: number;
  groupStride: number;
  runs: number;
  run: number;
  runStride: number;
  channelSize: number;
  channels: number;
}

/** Calls f(start, end) for each contiguous run of set g. */
function eachRun(layout: NormLayout, g: number, f: (start: number, end: number) => void): void {
  for (let r = 0; r < layout.runs; r++) {
    const start = g * layout.groupStride + r * layout.runStride;
    f(start, start + layout.run);
  }
}

/** Calls f(channel, start, end) for each block of elements that share a channel, over n elements. */
export function eachChannelBlock(layout: NormLayout, n: number, f: (channel: number, start: number, end: number) => void): void {
  if (layout.channelSize <= 0) return; // no elements (an empty axis): nothing to visit
  for (let start = 0, block = 0; start < n; start += layout.channelSize, block++) f(block % layout.channels, start, start + layout.channelSize);
}

/** x̂ = (x - mean) / sqrt(var + eps) per group, with the batch's (biased) variance; and 1 / sqrt(var + eps) per group. */
export function normalize(layout: NormLayout, x: Data, eps: number): { xhat: Float64Array; rstd: Float64Array; mean: Float64Array; variance: Float64Array } {
  const xhat = new Float64Array(x.length);
  const { groups } = layout;
  const size = layout.runs * layout.run;
  const rstd = new Float64Array(groups),
    mean = new Float64Array(groups),
    variance = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let s = 0;
    eachRun(layout, g, (start, end) => {
      for (let i = start; i < end; i++) s += x[i];
    });
    const m = s / size;
    let v = 0;
    eachRun(layout, g, (start, end) => {
      for (let i = start; i < end; i++) {
        const d = x[i] - m;
        v += d * d;
      }
    });
    v /= size;
    const r = 1 / Math.sqrt(v + eps);
    eachRun(layout, g, (start, end) => {
      for (let i = start; i < end; i++) xhat[i] = (x[i] - m) * r;
    });
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
  const size = layout.runs * layout.run;
  for (let g = 0; g < layout.groups; g++) {
    let a = 0,
      b = 0;
    eachRun(layout, g, (start, end) => {
      for (let i = start; i < end; i++) {
        a += dxhat[i];
        b += dxhat[i] * xhat[i];
      }
    });
    a /= size;
    b /= size;
    const r = rstd[g];
    eachRun(layout, g, (start, end) => {
      for (let i = start; i < end; i++) out[i] = r * (dxhat[i] - a - xhat[i] * b);
    });
  }
}

/** The op's output: y = x̂ · weight[channel] + bias[channel] (either may be absent), in x's shape and dtype. */
export function affine(x: Tensor, xhat: Float64Array, layout: NormLayout, weight: Tensor | undefined, bias: Tensor | undefined): Tensor {
  const out = allocate(xhat.length, dtypeOf(x));
  eachChannelBlock(layout, xhat.length, (c, start, end) => {
    const w = weight ? weight.data[c] : 1,
      b = bias ? bias.data[c] : 0;
    for (let i = start; i < end; i++) out[i] = xhat[i] * w + b;
  });
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
  eachChannelBlock(layout, g.length, (c, start, end) => {
    const w = weight ? weight[c] : 1;
    let dw = 0,
      db = 0;
    for (let i = start; i < end; i++) {
      dxhat[i] = g[i] * w;
      dw += g[i] * xhat[i];
      db += g[i];
    }
    dweight[c] += dw;
    dbias[c] += db;
  });
  const grads: Grads = {};
  if (wants(run, "x")) {
    const dx = allocate(g.length, dtype);
    if (s.fixedStatistics) {
      eachChannelBlock(layout, g.length, (c, start, end) => {
        for (let i = start; i < end; i++) dx[i] = dxhat[i] * rstd[c];
      });
    } else normalizeBackward(layout, dxhat, xhat, rstd, dx);
    grads.x = { shape: [...s.xShape], data: dx };
  }
  if (weight && wants(run, "weight")) grads.weight = { shape: [...s.paramShape], data: copyAs(dweight, dtype) };
  if (s.hasBias && wants(run, "bias")) grads.bias = { shape: [...s.paramShape], data: copyAs(dbias, dtype) };
  return grads;
}
