import { flatten, reshape, transpose, concat, slice, padOp, shape, gather, unsqueeze, squeeze, identity, cast } from "./onnx_layout_ops.ts";
import { list, one, type OpContext, type Operand, torchPadOrder, type Translate } from "./onnx_translate.ts";

export type { OpContext, Operand, Translation } from "./onnx_translate.ts";
/** ONNX pads [b1, b2, ..., e1, e2, ...] → symmetric per-axis padding, or undefined when one side differs. */
function symmetric(pads: readonly number[]): number[] | undefined {
  const n = pads.length / 2;
  const begin = pads.slice(0, n),
    end = pads.slice(n);
  return begin.every((b, i) => b === end[i]) ? begin : undefined;
}

/** The window attributes of Conv and the pools, checked: spatial rank, strides, padding (or a pad cell first). */
function windows(c: OpContext, spatial: number, what: { pool?: "max" | "avg" }): { stride: number[]; padding: string; prePad?: number[] } {
  const stride = c.attr<number[]>("strides", new Array(spatial).fill(1));
  const autoPad = c.attr<string>("auto_pad", "NOTSET");
  if (autoPad === "VALID") return { stride, padding: "0" };
  if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
    if (what.pool || autoPad === "SAME_LOWER" || stride.some((s) => s !== 1)) return c.fail(`auto_pad ${autoPad} is read for convolutions of stride 1 as SAME_UPPER only; export with explicit pads`);
    return { stride, padding: '"same"' };
  }
  if (autoPad !== "NOTSET") return c.fail(`auto_pad ${JSON.stringify(autoPad)} is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER`);
  const pads = c.attr<number[]>("pads", new Array(2 * spatial).fill(0));
  if (pads.length !== 2 * spatial) return c.fail(`pads ${list(pads)} should have ${2 * spatial} entries (begin and end per spatial axis)`);
  const same = symmetric(pads);
  if (same) return { stride, padding: one(same) };
  // Zero padding on one side only: a pad cell before a convolution gives the same result; a
  // pool would count or compare those zeros, so a pool with uneven pads is refused.
  if (what.pool) return c.fail(`pads ${list(pads)} differ between the two sides of an axis, which ${what.pool} pooling here does not do`);
  return { stride, padding: "0", prePad: torchPadOrder(pads) };
}

const spatialOf = (c: OpContext, weightRank?: number): number => {
  const kernel = c.attr<number[]>("kernel_shape", []);
  const n = kernel.length || (weightRank ? weightRank - 2 : 0);
  if (n !== 1 && n !== 2) return c.fail(`${n || "unknown"} spatial axes; 1-D and 2-D windows are supported`);
  return n;
};

const withPad = (x: string, prePad: number[] | undefined) => (prePad ? `pad(${x}, {pad: ${list(prePad)}})` : x);

/** Conv and ConvTranspose: the same weights and window attributes; a transposed one also takes output_padding. */
const convolution =
  (transposed: boolean): Translate =>
  (c) => {
    const x = c.tensor(0),
      w = c.tensor(1, "weight");
    const bias = c.node.inputs[2] ? c.tensor(2, "bias").ref : undefined;
    const n = spatialOf(c, w.rank);
    if (transposed && c.node.attributes.has("output_shape")) return c.fail("output_shape is not read; export with pads and output_padding");
    const { stride, padding, prePad } = windows(c, n, {});
    if (transposed && prePad) return c.fail("pads differ between the two sides of an axis, which a transposed convolution here does not do");
    const outputPadding = transposed ? c.attr<number[]>("output_padding", new Array(n).fill(0)) : [];
    const dilation = c.attr<number[]>("dilations", new Array(n).fill(1));
    const groups = c.attr<number>("group", 1);
    const options = [
      `weight: ${w.ref}`,
      bias && `bias: ${bias}`,
      `stride: ${one(stride)}`,
      `padding: ${padding}`,
      outputPadding.some((p) => p) && `outputPadding: ${one(outputPadding)}`,
      dilation.some((d) => d !== 1) && `dilation: ${one(dilation)}`,
      groups !== 1 && `groups: ${groups}`,
    ].filter(Boolean);
    const fn = `${transposed ? "convTranspose" : "conv"}${n}d`;
    return { code: `${fn}(${withPad(x.ref, prePad)}, {${options.join(", ")}})`, rank: n + 2, uses: [fn, ...(prePad ? ["pad"] : [])] };
  };

const pool =
  (kind: "max" | "avg"): Translate =>
  (c) => {
    const x = c.tensor(0);
    if (c.node.outputs.length > 1 && c.node.outputs[1]) return c.fail("its Indices output is not produced here");
    const kernel = c.attr<number[]>("kernel_shape", []);
    const n = spatialOf(c);
    const { stride, padding } = windows(c, n, { pool: kind });
    const fn = `${kind}Pool${n}d`;
    const options = [`kernelSize: ${one(kernel)}`, `stride: ${one(stride)}`, `padding: ${padding}`];
    if (c.attr<number>("ceil_mode", 0)) options.push("ceilMode: true");
    if (kind === "max") {
      if (c.attr<number>("storage_order", 0)) return c.fail("storage_order 1 (column-major indices) is not supported");
      const dilation = c.attr<number[]>("dilations", new Array(n).fill(1));
      if (dilation.some((d) => d !== 1)) options.push(`dilation: ${one(dilation)}`);
    } else {
      // ONNX leaves the padding out of the mean unless asked; PyTorch's default counts it.
      options.push(`countIncludePad: ${c.attr<number>("count_include_pad", 0) ? "true" : "false"}`);
      if (c.node.attributes.has("dilations") && c.attr<number[]>("dilations", []).some((d) => d !== 1)) return c.fail("dilations are not supported for average pooling");
    }
    return { code: `${fn}(${x.ref}, {${options.join(", ")}})`, rank: n + 2, uses: [fn] };
  };

const globalPool =
  (kind: "Avg" | "Max"): Translate =>
  (c) => {
    const x = c.tensor(0);
    if (x.rank !== 3 && x.rank !== 4) return c.fail(`its input's rank is ${x.rank ?? "unknown"}; 3-D and 4-D inputs ([N, C, L], [N, C, H, W]) are supported`);
    const fn = `adaptive${kind}Pool${x.rank - 2}d`;
    return { code: `${fn}(${x.ref}, {outputSize: 1})`, rank: x.rank, uses: [fn] };
  };

const elementwise =
  (fn: string, options?: (c: OpContext) => string | undefined): Translate =>
  (c) => {
    const x = c.tensor(0);
    const o = options?.(c);
    return { code: `${fn}(${x.ref}${o ? `, {${o}}` : ""})`, rank: x.rank, uses: [fn] };
  };

const binary =
  (fn: string): Translate =>
  (c) => {
    const [a, b] = [c.operand(0, "a"), c.operand(1, "b")];
    const text = (o: Operand | undefined) => (o?.kind === "tensor" ? o.ref : o?.kind === "number" ? String(o.value) : c.fail("its operands must be tensors or constant numbers"));
    const rank = Math.max(a?.kind === "tensor" ? (a.rank ?? 0) : 0, b?.kind === "tensor" ? (b.rank ?? 0) : 0) || undefined;
    return { code: `${fn}(${text(a)}, ${text(b)})`, rank, uses: [fn] };
  };

const softmaxLike =
  (fn: string): Translate =>
  (c) => {
    const x = c.tensor(0);
    return { code: `${fn}(${x.ref}, {dim: ${c.attr<number>("axis", -1)}})`, rank: x.rank, uses: [fn] };
  };

const gemm: Translate = (c) => {
  if (c.attr<number>("transA", 0)) return c.fail("transA 1 is not supported");
  if (c.attr<number>("alpha", 1) !== 1 || c.attr<number>("beta", 1) !== 1) return c.fail(`alpha ${c.attr("alpha", 1)} and beta ${c.attr("beta", 1)}: only 1 and 1 (a linear layer) are supported`);
  const x = c.tensor(0);
  // linear's weight is [out, in]: B as PyTorch exports it (transB 1); otherwise B is transposed in the sidecar.
  const w = c.tensor(1, c.attr<number>("transB", 0) ? "weight" : "weight^T");
  const bias = c.node.inputs[2] ? c.tensor(2, "bias").ref : undefined;
  return { code: `linear(${x.ref}, {weight: ${w.ref}${bias ? `, bias: ${bias}` : ""}})`, rank: 2, uses: ["linear"] };
};

const batchNorm: Translate = (c) => {
  if (c.attr<number>("training_mode", 0)) return c.fail("training_mode 1 is not supported: export the model in evaluation mode (model.eval())");
  if (c.node.outputs.length > 1 && c.node.outputs.slice(1).some(Boolean)) return c.fail("its running statistics outputs (training mode) are not produced here");
  const x = c.tensor(0);
  const [weight, bias, mean, variance] = [c.tensor(1, "weight"), c.tensor(2, "bias"), c.tensor(3, "running_mean"), c.tensor(4, "running_var")];
  const eps = c.attr<number>("epsilon", 1e-5);
  return {
    code: `batchNorm(${x.ref}, {weight: ${weight.ref}, bias: ${bias.ref}, runningMean: ${mean.ref}, runningVar: ${variance.ref}, eps: ${Number(eps.toPrecision(7))}, training: false})`,
    rank: x.rank,
    uses: ["batchNorm"],
  };
};

/** ReduceMax/ReduceMean: axes from the attribute (opset < 18) or the second input (18). */
const reduce =
  (kind: "max" | "mean"): Translate =>
  (c) => {
    const x = c.tensor(0);
    const keep = c.attr<number>("keepdims", 1) === 1;
    const fromInput = c.node.inputs[1] ? c.ints(1).values : undefined;
    let axes = fromInput ?? c.attr<number[]>("axes", []);
    if (!axes.length) {
      if (c.attr<number>("noop_with_empty_axes", 0)) return { alias: { kind: "tensor", ref: x.ref, rank: x.rank } };
      if (!x.rank) return c.fail("it reduces every axis, and its input's rank is unknown");
      axes = Array.from({ length: x.rank }, (_, i) => i);
    }
    const rank = x.rank === undefined ? undefined : keep ? x.rank : x.rank - axes.length;
    if (kind === "mean") return { code: `mean(${x.ref}, {dim: ${list(axes)}, keepdim: ${keep}})`, rank, uses: ["mean"] };
    // amax takes one axis: the last axes first, so the earlier ones keep their numbers.
    const ordered = axes.map((a) => (a < 0 && x.rank ? a + x.rank : a)).sort((a, b) => b - a);
    if (ordered.some((a) => a < 0)) return c.fail("negative axes need the input's rank, which is unknown");
    const code = ordered.reduce((inner, axis) => `amax(${inner}, {dim: ${axis}, keepdim: ${keep}})`, x.ref);
    return { code, rank, uses: ["amax"] };
  };

const constant: Translate = (c) => c.fail("internal: Constant nodes are read before translation");

export const ONNX_OPS: Record<string, Translate> = {
  Conv: convolution(false),
  ConvTranspose: convolution(true),
  MaxPool: pool("max"),
  AveragePool: pool("avg"),
  GlobalAveragePool: globalPool("Avg"),
  GlobalMaxPool: globalPool("Max"),
  BatchNormalization: batchNorm,
  Relu: elementwise("relu"),
  Sigmoid: elementwise("sigmoid"),
  Tanh: elementwise("tanh"),
  LeakyRelu: elementwise("leakyRelu", (c) => `negativeSlope: ${Number(c.attr<number>("alpha", 0.01).toPrecision(7))}`),
  Elu: elementwise("elu", (c) => (c.attr<number>("alpha", 1) !== 1 ? `alpha: ${Number(c.attr<number>("alpha", 1).toPrecision(7))}` : undefined)),
  Erf: elementwise("erf"),
  Gelu: elementwise("gelu", (c) => (c.attr<string>("approximate", "none") === "tanh" ? 'approximate: "tanh"' : undefined)),
  Softmax: softmaxLike("softmax"),
  LogSoftmax: softmaxLike("logSoftmax"),
  Gemm: gemm,
  MatMul: binary("matmul"),
  Add: binary("add"),
  Sub: binary("sub"),
  Mul: binary("mul"),
  Div: binary("div"),
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Concat: concat,
  Slice: slice,
  Pad: padOp,
  ReduceMax: reduce("max"),
  ReduceMean: reduce("mean"),
  Dropout: identity,
  Identity: identity,
  Cast: cast,
  Shape: shape,
  Gather: gather,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Constant: constant,
};
