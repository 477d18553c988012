/**
 * Each ONNX operator the importer reads, as the library call a notebook cell makes: Conv
 * becomes `conv2d(x, {weight, bias, stride, padding, ...})`. A node either makes a tensor (a
 * cell), or an integer list computed from shapes (`x.shape[0]`, for Reshape's target), kept
 * as a JavaScript expression inside the cells that read it. Anything the engine cannot do
 * exactly as ONNX specifies is refused with the node, the operator and what is supported.
 */
import type { AttributeValue, OnnxNode } from "./onnx.ts";

/** What a node's input stands for while translating. */
export type Operand =
  /** A tensor: the cell (or weight cell) that holds it, and its rank where known. */
  | { kind: "tensor"; ref: string; rank?: number }
  /** Integers (a shape, axes, indices) as a JavaScript expression; `values` when constant. */
  | { kind: "ints"; expr: string; values?: number[]; scalar?: boolean; items?: string[] }
  /** A constant float scalar, written as a number literal. */
  | { kind: "number"; value: number };

export interface OpContext {
  node: OnnxNode;
  /** Input i as a tensor reference; an initializer becomes a weight cell named after `role`. */
  tensor(i: number, role?: string): { ref: string; rank?: number };
  /** Input i as integers (a constant or a shape expression); `scalar` for a constant of no axes. */
  ints(i: number): { expr: string; values?: number[]; scalar?: boolean; items?: string[] };
  /** Input i as whatever it is, or undefined where the node leaves it out. */
  operand(i: number, role?: string): Operand | undefined;
  /** The node's attribute, or the default. */
  attr<T extends AttributeValue>(name: string, fallback: T): T;
  /** Refuses the node: "node "/x/Conv" (Conv): <why>". */
  fail(why: string): never;
}

/** What a translated node yields: a tensor cell's code (its rank where known) or integers. */
export type Translation = { code: string; rank?: number; uses: string[] } | { ints: string; values?: number[]; items?: string[]; scalar?: boolean } | { alias: Operand };

type Translate = (c: OpContext) => Translation;

const list = (values: readonly number[]) => `[${values.join(", ")}]`;
const one = (values: readonly number[]) => (values.every((v) => v === values[0]) ? String(values[0]) : list(values));

/** ONNX pads [b1, b2, ..., e1, e2, ...] → symmetric per-axis padding, or undefined when one side differs. */
function symmetric(pads: readonly number[]): number[] | undefined {
  const n = pads.length / 2;
  const begin = pads.slice(0, n),
    end = pads.slice(n);
  return begin.every((b, i) => b === end[i]) ? begin : undefined;
}

/** ONNX pads for the spatial axes → F.pad's order (last axis first: left, right, top, bottom). */
function torchPadOrder(pads: readonly number[]): number[] {
  const n = pads.length / 2;
  const out: number[] = [];
  for (let axis = n - 1; axis >= 0; axis--) out.push(pads[axis], pads[axis + n]);
  return out;
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

const conv: Translate = (c) => {
  const x = c.tensor(0),
    w = c.tensor(1, "weight");
  const bias = c.node.inputs[2] ? c.tensor(2, "bias").ref : undefined;
  const n = spatialOf(c, w.rank);
  const { stride, padding, prePad } = windows(c, n, {});
  const dilation = c.attr<number[]>("dilations", new Array(n).fill(1));
  const groups = c.attr<number>("group", 1);
  const options = [
    `weight: ${w.ref}`,
    bias && `bias: ${bias}`,
    `stride: ${one(stride)}`,
    `padding: ${padding}`,
    dilation.some((d) => d !== 1) && `dilation: ${one(dilation)}`,
    groups !== 1 && `groups: ${groups}`,
  ].filter(Boolean);
  return { code: `conv${n}d(${withPad(x.ref, prePad)}, {${options.join(", ")}})`, rank: n + 2, uses: [`conv${n}d`, ...(prePad ? ["pad"] : [])] };
};

const convTranspose: Translate = (c) => {
  const x = c.tensor(0),
    w = c.tensor(1, "weight");
  const bias = c.node.inputs[2] ? c.tensor(2, "bias").ref : undefined;
  const n = spatialOf(c, w.rank);
  if (c.node.attributes.has("output_shape")) return c.fail("output_shape is not read; export with pads and output_padding");
  const { stride, padding, prePad } = windows(c, n, { pool: undefined });
  if (prePad) return c.fail("pads differ between the two sides of an axis, which a transposed convolution here does not do");
  const outputPadding = c.attr<number[]>("output_padding", new Array(n).fill(0));
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
  return { code: `convTranspose${n}d(${x.ref}, {${options.join(", ")}})`, rank: n + 2, uses: [`convTranspose${n}d`] };
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

const flatten: Translate = (c) => {
  const x = c.tensor(0);
  const axis = c.attr<number>("axis", 1);
  if (axis === 1) return { code: `flatten(${x.ref}, {startDim: 1})`, rank: 2, uses: ["flatten"] };
  // ONNX's Flatten always makes [prod(dims before axis), prod(the rest)].
  const before = axis === 0 ? "1" : `${x.ref}.shape.slice(0, ${axis}).reduce((a, b) => a * b, 1)`;
  return { code: `reshape(${x.ref}, [${before}, -1])`, rank: 2, uses: ["reshape"] };
};

const reshape: Translate = (c) => {
  const x = c.tensor(0);
  const shape = c.ints(1);
  const allowZero = c.attr<number>("allowzero", 0);
  const items = shape.items ?? shape.values?.map(String);
  if (items) {
    if (items.includes("0") && allowZero) return c.fail("allowzero 1 with a 0 in the shape is not supported");
    // A 0 copies the input's size on that axis.
    const dims = items.map((d, i) => (d === "0" ? `${x.ref}.shape[${i}]` : d));
    return { code: `reshape(${x.ref}, [${dims.join(", ")}])`, rank: items.length, uses: ["reshape"] };
  }
  return { code: `reshape(${x.ref}, ${shape.expr}.map((d, i) => (d === 0 ? ${x.ref}.shape[i] : d)))`, uses: ["reshape"] };
};

const transpose: Translate = (c) => {
  const x = c.tensor(0);
  const perm = c.attr<number[]>("perm", x.rank ? Array.from({ length: x.rank }, (_, i) => x.rank! - 1 - i) : []);
  if (!perm.length) return c.fail("without perm it reverses the axes, and its input's rank is unknown");
  return { code: `permute(${x.ref}, ${list(perm)})`, rank: perm.length, uses: ["permute"] };
};

const concat: Translate = (c) => {
  const axis = c.attr<number>("axis", 0);
  const parts = c.node.inputs.map((_, i) => c.operand(i));
  if (parts.every((p) => p?.kind === "ints")) {
    const ints = parts as Extract<Operand, { kind: "ints" }>[];
    const values = ints.every((p) => p.values) ? ints.flatMap((p) => p.values!) : undefined;
    // Element by element where each part's elements are known ([x.shape.at(0), -1]), spread otherwise.
    const items = ints.every((p) => p.items ?? p.values) ? ints.flatMap((p) => p.items ?? p.values!.map(String)) : undefined;
    return { ints: items ? `[${items.join(", ")}]` : `[${ints.map((p) => `...${p.expr}`).join(", ")}]`, values, items };
  }
  const tensors = c.node.inputs.map((_, i) => c.tensor(i));
  return { code: `cat([${tensors.map((t) => t.ref).join(", ")}], {dim: ${axis}})`, rank: tensors[0].rank, uses: ["cat"] };
};

const INT_MAX = 2 ** 31;

const slice: Translate = (c) => {
  const data = c.operand(0);
  const starts = c.ints(1).values,
    ends = c.ints(2).values;
  const axes = c.node.inputs[3] ? c.ints(3).values : starts?.map((_, i) => i);
  const steps = c.node.inputs[4] ? c.ints(4).values : starts?.map(() => 1);
  if (!starts || !ends || !axes || !steps) return c.fail("its starts, ends, axes and steps must be constants");
  if (steps.some((s) => s !== 1)) return c.fail(`steps ${list(steps)}: only steps of 1 are supported`);
  if (data?.kind === "ints") {
    if (axes.length !== 1 || axes[0] !== 0) return c.fail("slicing integers along an axis other than 0 is not supported");
    const end = ends[0] >= INT_MAX ? "" : `, ${ends[0]}`;
    return { ints: `${data.expr}.slice(${starts[0]}${end})`, values: data.values?.slice(starts[0], ends[0] >= INT_MAX ? undefined : ends[0]) };
  }
  const x = c.tensor(0);
  // One narrow per axis; negative or huge bounds are resolved against the input's size when the cell runs.
  let code = x.ref;
  axes.forEach((axis, k) => {
    const size = `${x.ref}.shape.at(${axis})`;
    const bound = (v: number) => (v >= INT_MAX ? size : v <= -INT_MAX ? "0" : v < 0 ? `Math.max(0, ${size} + ${v})` : `Math.min(${v}, ${size})`);
    const start = bound(starts[k]);
    code = `narrow(${code}, {dim: ${axis}, start: ${start}, length: Math.max(0, ${bound(ends[k])} - ${start})})`;
  });
  return { code, rank: x.rank, uses: ["narrow"] };
};

const padOp: Translate = (c) => {
  const x = c.tensor(0);
  const pads = c.ints(1).values;
  if (!pads) return c.fail("its pads must be a constant");
  const mode = c.attr<string>("mode", "constant");
  if (!["constant", "reflect", "edge"].includes(mode)) return c.fail(`mode ${JSON.stringify(mode)} is not one of constant, reflect, edge`);
  const value = c.node.inputs[2] ? c.operand(2) : undefined;
  if (value && value.kind !== "number") return c.fail("its constant_value must be a constant number");
  if (c.node.inputs[3]) return c.fail("its axes input is not supported");
  const n = pads.length / 2;
  // F.pad pads the last axes first; leading axes without padding are left out.
  let torch = torchPadOrder(pads);
  while (torch.length > 2 && torch[torch.length - 1] === 0 && torch[torch.length - 2] === 0) torch = torch.slice(0, -2);
  const options = [`pad: ${list(torch)}`, mode !== "constant" && `mode: "${mode === "edge" ? "replicate" : mode}"`, value?.kind === "number" && value.value !== 0 && `value: ${value.value}`].filter(
    Boolean,
  );
  return { code: `pad(${x.ref}, {${options.join(", ")}})`, rank: x.rank ?? n, uses: ["pad"] };
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

const shape: Translate = (c) => {
  const x = c.tensor(0);
  const start = c.attr<number>("start", 0),
    end = c.node.attributes.has("end") ? c.attr<number>("end", 0) : undefined;
  const sliced = start || end !== undefined ? `.slice(${start}${end !== undefined ? `, ${end}` : ""})` : "";
  return { ints: `${x.ref}.shape${sliced}` };
};

const gather: Translate = (c) => {
  const data = c.operand(0);
  const indices = c.ints(1);
  if (data?.kind !== "ints") return c.fail("gathering from a tensor (an embedding lookup) is not supported; Gather is read on shapes only");
  if (c.attr<number>("axis", 0) !== 0 || !indices.values) return c.fail("only constant indices along axis 0 of a shape are supported");
  const picks = indices.values.map((i) => (data.items && data.items[i < 0 ? data.items.length + i : i] !== undefined ? data.items[i < 0 ? data.items.length + i : i] : `${data.expr}.at(${i})`));
  // A scalar index gives a scalar (the export's Unsqueeze makes it a list again).
  return indices.scalar ? { ints: picks[0], scalar: true } : { ints: `[${picks.join(", ")}]`, items: picks };
};

const unsqueeze: Translate = (c) => {
  const data = c.operand(0);
  const axes = c.node.inputs[1] ? c.ints(1).values : c.attr<number[]>("axes", []);
  if (!axes) return c.fail("its axes must be a constant");
  if (data?.kind === "ints") {
    if (axes.length !== 1 || axes[0] !== 0 || !data.scalar) return c.fail("only a scalar made a list (axes [0]) is supported on shapes");
    return { ints: `[${data.expr}]`, items: [data.expr] };
  }
  const x = c.tensor(0);
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.some((a) => a < 0)) return c.fail("negative axes are not supported");
  const dims = `((s) => { const d = [...s]; for (const a of ${list(sorted)}) d.splice(a, 0, 1); return d; })(${x.ref}.shape)`;
  return { code: `reshape(${x.ref}, ${dims})`, rank: x.rank === undefined ? undefined : x.rank + axes.length, uses: ["reshape"] };
};

const squeeze: Translate = (c) => {
  const x = c.tensor(0);
  const axes = c.node.inputs[1] ? c.ints(1).values : c.attr<number[]>("axes", []);
  if (!axes?.length) return c.fail("squeezing every axis of size 1 is not supported; give axes");
  const drop = axes.map((a) => (a < 0 ? `${x.ref}.shape.length + ${a}` : String(a)));
  return { code: `reshape(${x.ref}, ${x.ref}.shape.filter((_, i) => ![${drop.join(", ")}].includes(i)))`, rank: x.rank === undefined ? undefined : x.rank - axes.length, uses: ["reshape"] };
};

const identity: Translate = (c) => {
  const x = c.operand(0);
  if (!x) return c.fail("it has no input");
  return { alias: x };
};

const cast: Translate = (c) => {
  const x = c.operand(0);
  const to = c.attr<number>("to", 1);
  if (x?.kind === "tensor" && to !== 1) return c.fail(`casting a tensor to data type ${to} is not supported (the engine computes in float32)`);
  return { alias: x! };
};

const constant: Translate = (c) => c.fail("internal: Constant nodes are read before translation");

export const ONNX_OPS: Record<string, Translate> = {
  Conv: conv,
  ConvTranspose: convTranspose,
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
