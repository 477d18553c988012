/**
 * A notebook's network as an ONNX model: the graph of layer values that computes one cell,
 * from the leaves it reads as inputs, with every other leaf (weights, biases, running
 * statistics, constants) as an initializer. Shapes are the notebook's own (the batch fixed as
 * computed). Batch norm is written in its evaluation form; an op ONNX cannot express exactly
 * is refused with the cell and the op.
 */
import type { LayerValue } from "../dataflow/layer_value.ts";
import { formatShape, sizeOf, type Tensor } from "../tensor/tensor.ts";
import { batchAgnostic } from "./batch_axis.ts";
import { encodeOnnx, type GraphSpec, type NodeOut } from "./onnx_write.ts";

export interface ExportOptions {
  /** Cells whose tensors are the model's inputs; by default the leaves reached through layers' inputs (`x`). */
  inputs?: readonly string[];
  /**
   * The name each cell's value goes by (a cell that declares `w3` and `b3` labels both of its
   * tensors "w3, b3"); values not in it are named after their cell's label.
   */
  names?: ReadonlyMap<LayerValue, string>;
  /** Tensors to write in place of leaves (a training's latest parameters in place of those it started from). */
  replace?: ReadonlyMap<LayerValue, LayerValue>;
}

export interface ExportedModel {
  onnx: Uint8Array;
  /** The initializers by name (what a safetensors file of the model holds). */
  weights: Map<string, Tensor>;
  inputs: { name: string; shape: readonly number[] }[];
  output: string;
  /** Whether the model takes any batch (its first axis "N"); otherwise the notebook's batch only. */
  batchAxis: boolean;
}

/** Slots through which a layer takes the data it transforms; other slots hold parameters. */
const DATA_SLOTS = new Set(["x", "a", ...Array.from({ length: 16 }, (_, i) => `x${i}`)]);

const perAxis = (v: unknown, n: number, fallback: number): number[] => (v === undefined ? new Array(n).fill(fallback) : typeof v === "number" ? new Array(n).fill(v) : [...(v as number[])]);

export async function exportOnnx(output: LayerValue, options: ExportOptions = {}): Promise<ExportedModel> {
  const where = (v: LayerValue) => `${v.op} "${v.label}"`;
  const fail = (v: LayerValue, why: string): never => {
    throw new Error(`${where(v)}: ${why}`);
  };
  if (output.op === "tensor") fail(output, "is data, not a layer: export the cell of the network's output");

  // Every value the output depends on, inputs before the layers that read them.
  const order: LayerValue[] = [];
  const seen = new Set<LayerValue>();
  const visit = (v: LayerValue) => {
    if (seen.has(v)) return;
    seen.add(v);
    for (const input of Object.values(v.inputs)) visit(input);
    order.push(v);
  };
  visit(output);

  // Leaves reached through data slots are the inputs, unless the caller named them.
  const isLeaf = (v: LayerValue) => v.op === "tensor";
  const dataLeaves = new Set<LayerValue>();
  for (const v of order) for (const [slot, input] of Object.entries(v.inputs)) if (isLeaf(input) && DATA_SLOTS.has(slot)) dataLeaves.add(input);
  const inputLeaves = options.inputs ? order.filter((v) => isLeaf(v) && options.inputs!.includes(options.names?.get(v) ?? v.label)) : [...dataLeaves];
  if (options.inputs) {
    for (const name of options.inputs) if (!inputLeaves.some((v) => (options.names?.get(v) ?? v.label) === name)) throw new Error(`--input ${name}: no tensor cell of that name feeds ${output.label}`);
  }
  if (!inputLeaves.length) fail(output, "reads no input: name the cell that holds the input data");

  // Names: a cell's value is named after the cell; values made inside it after the cell and the op.
  const names = new Map<LayerValue, string>();
  const used = new Set<string>();
  const unique = (base: string) => {
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
  const consumers = new Map<LayerValue, { v: LayerValue; slot: string }[]>();
  for (const v of order) for (const [slot, input] of Object.entries(v.inputs)) consumers.set(input, [...(consumers.get(input) ?? []), { v, slot }]);
  for (const v of [...order].reverse()) {
    const inner = (consumers.get(v) ?? []).some((c) => c.v.label === v.label);
    const leafSlot = isLeaf(v) && inner ? consumers.get(v)![0].slot : undefined;
    const given = options.names?.get(v);
    names.set(v, unique(given ?? (v === output || !inner ? v.label : leafSlot ? `${v.label}.${leafSlot}` : `${v.label}/${v.op}`)));
  }

  const dynamic = batchAgnostic(order, inputLeaves);
  const graph: GraphSpec = { name: output.label, inputs: [], outputs: [{ name: names.get(output)!, shape: output.shape }], initializers: [], nodes: [], batchAxis: dynamic };
  const weights = new Map<string, Tensor>();
  const constant = (base: string, t: Tensor, int = false): string => {
    const name = unique(base);
    graph.initializers.push({ name, tensor: t, int });
    return name;
  };
  const ints = (base: string, values: number[]) => constant(base, { shape: [values.length], data: Float32Array.from(values) }, true);
  const scalar = (base: string, value: number) => constant(base, { shape: [], data: Float32Array.of(value) });
  const node = (v: LayerValue, opType: string, inputs: string[], attrs: NodeOut["attrs"] = {}, out = names.get(v)!): string => {
    graph.nodes.push({ name: `/${names.get(v)}/${opType}_${graph.nodes.length}`, opType, inputs, outputs: [out], attrs });
    return out;
  };
  const temp = (v: LayerValue, what: string) => unique(`${names.get(v)}/${what}`);

  for (const v of order) {
    const name = names.get(v)!;
    if (isLeaf(v)) {
      if (inputLeaves.includes(v)) {
        graph.inputs.push({ name, shape: v.shape });
        continue;
      }
      const replaced = options.replace?.get(v);
      if (replaced && formatShape(replaced.shape) !== formatShape(v.shape)) fail(v, `its trained value is ${formatShape(replaced.shape)}, not ${formatShape(v.shape)}`);
      const t = await (replaced ?? v).read();
      graph.initializers.push({ name, tensor: t });
      weights.set(name, t);
      continue;
    }
    const x = v.inputs.x ? names.get(v.inputs.x)! : "";
    const rank = v.inputs.x?.shape.length ?? 0;
    const o = v.options as Record<string, unknown>;
    const axis = (d: number, r = rank) => (d < 0 ? d + r : d);
    const optional = (slot: string) => (v.inputs[slot] ? [names.get(v.inputs[slot])!] : []);
    switch (v.op) {
      case "conv1d":
      case "conv2d":
      case "conv_transpose1d":
      case "conv_transpose2d": {
        const n = rank - 2;
        const kernel = v.inputs.weight.shape.slice(2);
        const dilation = perAxis(o.dilation, n, 1);
        let pads: number[];
        if (o.padding === "same") {
          const total = kernel.map((k, i) => dilation[i] * (k - 1));
          pads = [...total.map((t) => Math.floor(t / 2)), ...total.map((t) => t - Math.floor(t / 2))];
        } else {
          const p = o.padding === "valid" ? new Array(n).fill(0) : perAxis(o.padding, n, 0);
          pads = [...p, ...p];
        }
        const attrs: NodeOut["attrs"] = { kernel_shape: kernel, strides: perAxis(o.stride, n, 1), pads, dilations: dilation, group: (o.groups as number) ?? 1 };
        const transposed = v.op.startsWith("conv_transpose");
        if (transposed) attrs.output_padding = perAxis(o.outputPadding, n, 0);
        node(v, transposed ? "ConvTranspose" : "Conv", [x, names.get(v.inputs.weight)!, ...optional("bias")], attrs);
        break;
      }
      case "linear": {
        const w = names.get(v.inputs.weight)!;
        if (rank === 2) {
          node(v, "Gemm", [x, w, ...optional("bias")], { transB: 1 });
          break;
        }
        const wT = node(v, "Transpose", [w], { perm: [1, 0] }, temp(v, "weight_t"));
        if (!v.inputs.bias) {
          node(v, "MatMul", [x, wT]);
          break;
        }
        node(v, "Add", [node(v, "MatMul", [x, wT], {}, temp(v, "matmul")), names.get(v.inputs.bias)!]);
        break;
      }
      case "max_pool1d":
      case "max_pool2d":
      case "avg_pool1d":
      case "avg_pool2d": {
        const n = rank - 2;
        const kernel = perAxis(o.kernelSize, n, 1);
        const p = perAxis(o.padding, n, 0);
        const attrs: NodeOut["attrs"] = {
          kernel_shape: kernel,
          strides: o.stride === undefined || o.stride === null ? kernel : perAxis(o.stride, n, 1),
          pads: [...p, ...p],
          ceil_mode: o.ceilMode ? 1 : 0,
        };
        if (v.op.startsWith("max")) attrs.dilations = perAxis(o.dilation, n, 1);
        else {
          if (o.divisorOverride !== undefined && o.divisorOverride !== null) fail(v, "divisorOverride has no ONNX equivalent");
          attrs.count_include_pad = o.countIncludePad === false ? 0 : 1;
        }
        node(v, v.op.startsWith("max") ? "MaxPool" : "AveragePool", [x], attrs);
        break;
      }
      case "adaptive_avg_pool1d":
      case "adaptive_avg_pool2d":
      case "adaptive_max_pool1d":
      case "adaptive_max_pool2d": {
        const max = v.op.includes("max");
        const inSizes = v.inputs.x.shape.slice(2),
          outSizes = v.shape.slice(2);
        if (outSizes.every((s) => s === 1)) node(v, max ? "GlobalMaxPool" : "GlobalAveragePool", [x]);
        else if (inSizes.every((s, i) => s % outSizes[i] === 0)) {
          const kernel = inSizes.map((s, i) => s / outSizes[i]);
          node(v, max ? "MaxPool" : "AveragePool", [x], { kernel_shape: kernel, strides: kernel });
        } else fail(v, `an adaptive pool from ${formatShape(inSizes)} to ${formatShape(outSizes)} has windows of unequal sizes, which ONNX's pools do not make`);
        break;
      }
      case "batch_norm": {
        const mean = v.inputs.runningMean,
          variance = v.inputs.runningVar;
        if (!mean || !variance) fail(v, "has no running statistics: in evaluation form batch norm needs runningMean and runningVar");
        const c = v.shape[1];
        const scale = v.inputs.weight ? names.get(v.inputs.weight)! : constant(`${name}.weight`, { shape: [c], data: new Float32Array(c).fill(1) });
        const shift = v.inputs.bias ? names.get(v.inputs.bias)! : constant(`${name}.bias`, { shape: [c], data: new Float32Array(c) });
        node(v, "BatchNormalization", [x, scale, shift, names.get(mean!)!, names.get(variance!)!], { epsilon: { f: (o.eps as number) ?? 1e-5 } });
        break;
      }
      case "relu":
        node(v, "Relu", [x]);
        break;
      case "sigmoid":
        node(v, "Sigmoid", [x]);
        break;
      case "tanh":
        node(v, "Tanh", [x]);
        break;
      case "erf":
        node(v, "Erf", [x]);
        break;
      case "leaky_relu":
        node(v, "LeakyRelu", [x], { alpha: { f: (o.negativeSlope as number) ?? 0.01 } });
        break;
      case "elu":
        node(v, "Elu", [x], { alpha: { f: (o.alpha as number) ?? 1 } });
        break;
      case "silu":
        node(v, "Mul", [x, node(v, "Sigmoid", [x], {}, temp(v, "sigmoid"))]);
        break;
      case "gelu": {
        if (o.approximate === "tanh") fail(v, 'approximate "tanh" is not exported; use the exact gelu');
        // x · (1 + erf(x / √2)) / 2, as PyTorch exports it before opset 20.
        const erf = node(v, "Erf", [node(v, "Div", [x, scalar(`${name}.sqrt2`, Math.SQRT2)], {}, temp(v, "div"))], {}, temp(v, "erf"));
        const onePlus = node(v, "Add", [erf, scalar(`${name}.one`, 1)], {}, temp(v, "add"));
        node(v, "Mul", [node(v, "Mul", [x, onePlus], {}, temp(v, "mul")), scalar(`${name}.half`, 0.5)]);
        break;
      }
      case "softmax":
      case "log_softmax":
        node(v, v.op === "softmax" ? "Softmax" : "LogSoftmax", [x], { axis: axis((o.dim as number) ?? (rank === 1 ? 0 : 1)) });
        break;
      case "flatten":
      case "reshape":
        // 0 copies the input's batch, so the model takes any batch when the graph allows it.
        node(v, "Reshape", [x, ints(`${name}.shape`, dynamic ? [0, ...v.shape.slice(1)] : [...v.shape])]);
        break;
      case "permute":
        node(v, "Transpose", [x], { perm: (o.dims as number[]).map((d) => axis(d)) });
        break;
      case "transpose": {
        const perm = Array.from({ length: rank }, (_, i) => i);
        const [d0, d1] = [axis(o.dim0 as number), axis(o.dim1 as number)];
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        node(v, "Transpose", [x], { perm });
        break;
      }
      case "add":
      case "sub":
      case "mul":
      case "div":
        node(v, { add: "Add", sub: "Sub", mul: "Mul", div: "Div" }[v.op]!, [names.get(v.inputs.a)!, names.get(v.inputs.b)!]);
        break;
      case "matmul":
        node(v, "MatMul", [names.get(v.inputs.a)!, names.get(v.inputs.b)!]);
        break;
      case "cat": {
        const parts = Object.keys(v.inputs)
          .filter((k) => /^x\d+$/.test(k))
          .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
          .map((k) => names.get(v.inputs[k])!);
        node(v, "Concat", parts, { axis: axis((o.dim as number) ?? 0, v.shape.length) });
        break;
      }
      case "narrow": {
        const d = axis(o.dim as number);
        const start = (o.start as number) < 0 ? (o.start as number) + v.inputs.x.shape[d] : (o.start as number);
        node(v, "Slice", [x, ints(`${name}.starts`, [start]), ints(`${name}.ends`, [start + (o.length as number)]), ints(`${name}.axes`, [d])]);
        break;
      }
      case "pad": {
        // F.pad's pairs run from the last axis; ONNX wants every axis's begins, then its ends.
        const torch = o.pad as number[];
        const begins = new Array(rank).fill(0),
          ends = new Array(rank).fill(0);
        for (let k = 0; k < torch.length / 2; k++) {
          begins[rank - 1 - k] = torch[2 * k];
          ends[rank - 1 - k] = torch[2 * k + 1];
        }
        const mode = (o.mode as string) ?? "constant";
        const inputs = [x, ints(`${name}.pads`, [...begins, ...ends])];
        if (mode === "constant" && o.value) inputs.push(scalar(`${name}.value`, o.value as number));
        node(v, "Pad", inputs, { mode: mode === "replicate" ? "edge" : mode });
        break;
      }
      case "mean":
      case "amax":
      case "sum": {
        const dims = o.dim === undefined || o.dim === null ? Array.from({ length: rank }, (_, i) => i) : [o.dim as number | number[]].flat().map((d) => axis(d));
        const keepdims = o.keepdim ? 1 : 0;
        // ReduceSum takes its axes as an input from opset 13; ReduceMean and ReduceMax as an attribute until 18.
        if (v.op === "sum") node(v, "ReduceSum", [x, ints(`${name}.axes`, dims)], { keepdims });
        else node(v, v.op === "mean" ? "ReduceMean" : "ReduceMax", [x], { axes: dims, keepdims });
        break;
      }
      case "dropout":
        node(v, "Identity", [x]);
        break;
      case "grad":
        fail(v, "is a gradient; export the network's output");
        break;
      default:
        if (/loss|entropy|mse/.test(v.op)) fail(v, "is a loss; export the cell of the network's output (its scores), not the loss");
        fail(v, `the op ${v.op} is not exported to ONNX (convolutions, pools, batch norm, activations, softmax, linear layers, arithmetic and shape ops are)`);
    }
  }
  if (sizeOf(output.shape) === 0) fail(output, "is empty");
  return { onnx: encodeOnnx(graph), weights, inputs: graph.inputs.map((i) => ({ name: i.name, shape: i.shape })), output: names.get(output)!, batchAxis: dynamic };
}
