/**
 * The only list of ops. Each name is torch.nn.functional's, the golden case's `op`, the
 * worker's op id and the test's title.
 */
import { preferredBackend } from "../backend.ts";
import type { OpDef } from "../op.ts";
import { wasmOps } from "../wasm/ops.ts";
import { adaptive_avg_pool1d } from "./adaptive_avg_pool1d.ts";
import { adaptive_avg_pool2d } from "./adaptive_avg_pool2d.ts";
import { adaptive_max_pool1d } from "./adaptive_max_pool1d.ts";
import { adaptive_max_pool2d } from "./adaptive_max_pool2d.ts";
import { add } from "./add.ts";
import { cat } from "./cat.ts";
import { div } from "./div.ts";
import { group_norm } from "./group_norm.ts";
import { interpolate } from "./interpolate.ts";
import { l1_loss } from "./l1_loss.ts";
import { layer_norm } from "./layer_norm.ts";
import { matmul } from "./matmul.ts";
import { mean } from "./mean.ts";
import { mul } from "./mul.ts";
import { narrow } from "./narrow.ts";
import { nll_loss } from "./nll_loss.ts";
import { pad } from "./pad.ts";
import { permute } from "./permute.ts";
import { reshape } from "./reshape.ts";
import { smooth_l1_loss } from "./smooth_l1_loss.ts";
import { sub } from "./sub.ts";
import { sum } from "./sum.ts";
import { transpose } from "./transpose.ts";
import { amax } from "./amax.ts";
import { avg_pool1d } from "./avg_pool1d.ts";
import { avg_pool2d } from "./avg_pool2d.ts";
import { batch_norm } from "./batch_norm.ts";
import { bce_with_logits } from "./bce_with_logits.ts";
import { conv1d } from "./conv1d.ts";
import { conv2d } from "./conv2d.ts";
import { conv_transpose1d } from "./conv_transpose1d.ts";
import { conv_transpose2d } from "./conv_transpose2d.ts";
import { cross_entropy } from "./cross_entropy.ts";
import { downsample1d } from "./downsample1d.ts";
import { downsample2d } from "./downsample2d.ts";
import { dropout } from "./dropout.ts";
import { elu } from "./elu.ts";
import { erf } from "./erf.ts";
import { flatten } from "./flatten.ts";
import { gelu } from "./gelu.ts";
import { hardtanh } from "./hardtanh.ts";
import { leaky_relu } from "./leaky_relu.ts";
import { linear } from "./linear.ts";
import { log_softmax } from "./log_softmax.ts";
import { max_pool1d } from "./max_pool1d.ts";
import { max_pool2d } from "./max_pool2d.ts";
import { mse } from "./mse.ts";
import { relu } from "./relu.ts";
import { sigmoid } from "./sigmoid.ts";
import { silu } from "./silu.ts";
import { softmax } from "./softmax.ts";
import { softplus } from "./softplus.ts";
import { tanh } from "./tanh.ts";
import { upsample1d } from "./upsample1d.ts";
import { upsample2d } from "./upsample2d.ts";

export const ops = {
  conv1d,
  conv2d,
  conv_transpose1d,
  conv_transpose2d,
  max_pool1d,
  max_pool2d,
  avg_pool1d,
  avg_pool2d,
  upsample1d,
  upsample2d,
  downsample1d,
  downsample2d,
  linear,
  flatten,
  amax,
  relu,
  sigmoid,
  tanh,
  leaky_relu,
  elu,
  erf,
  gelu,
  silu,
  softplus,
  hardtanh,
  softmax,
  log_softmax,
  cross_entropy,
  bce_with_logits,
  mse,
  add,
  sub,
  mul,
  div,
  matmul,
  sum,
  mean,
  reshape,
  permute,
  transpose,
  cat,
  narrow,
  pad,
  adaptive_avg_pool1d,
  adaptive_avg_pool2d,
  adaptive_max_pool1d,
  adaptive_max_pool2d,
  interpolate,
  nll_loss,
  l1_loss,
  smooth_l1_loss,
  batch_norm,
  layer_norm,
  group_norm,
  dropout,
} as const;

export type OpName = keyof typeof ops;

export function isOpName(name: string): name is OpName {
  return Object.hasOwn(ops, name);
}

/**
 * The op registered under `name` for the backend in use (backend.ts: the WebAssembly
 * kernels' version where there is one), or an error listing the ones that exist.
 */
// biome-ignore lint/suspicious/noExplicitAny: one op of any kind, its inputs and saved state checked by the op itself
export function getOp(name: string): OpDef<any, any> {
  if (!isOpName(name)) throw new Error(`unknown op "${name}" (known: ${Object.keys(ops).join(", ")})`);
  // biome-ignore lint/suspicious/noExplicitAny: as the signature says
  return (preferredBackend() === "wasm" ? wasmOps[name] : undefined) ?? (ops[name] as OpDef<any, any>);
}

/** The reference (TypeScript) version of an op, whatever the backend: what the others are checked against. */
// biome-ignore lint/suspicious/noExplicitAny: as getOp
export function referenceOp(name: OpName): OpDef<any, any> {
  // biome-ignore lint/suspicious/noExplicitAny: as getOp
  return ops[name] as OpDef<any, any>;
}
