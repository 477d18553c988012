/**
 * An ONNX graph as a notebook: the input as a cell of the model's shape, one named cell per
 * layer, the weights as cells read from a safetensors file beside the notebook, the maps after
 * each convolution block, and the summary. The cells are plain library calls, so the notebook
 * reads (and recomputes on an edit) like one written by hand.
 */
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import type { OnnxGraph, OnnxNode, OnnxTensor } from "./onnx.ts";
import { ONNX_OPS, type OpContext, type Operand, type Translation } from "./onnx_ops.ts";

export interface ImportOptions {
  /** The safetensors file the weight cells read, as the notebook names it. */
  weightsFile: string;
  /** Names a cell must not take: the library's functions and the page's builtins. */
  reserved: Iterable<string>;
}

export interface ImportedNotebook {
  /** The cells in order: Markdown or JavaScript. */
  cells: { mode: "md" | "js"; value: string }[];
  /** The tensors the weight cells read, by name, to be written as `weightsFile`. */
  weights: Map<string, Tensor>;
  /** The input cell's and output cells' names. */
  input: string;
  outputs: string[];
}

const JS_RESERVED =
  "await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield arguments eval undefined NaN Infinity Math Object Array JSON Number String Promise globalThis window document weights FileAttachment invalidation visibility now width md html svg tex htl Plot Inputs view display require";

/** Activations and normalisations that end a convolution block (its maps are drawn after them). */
const BLOCK_TAIL = new Set(["BatchNormalization", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Gelu"]);

/** A literal JavaScript string that cannot end its <script> element. */
const quote = (s: string) => JSON.stringify(s).replace(/</g, "\\u003c");

export function importOnnx(graph: OnnxGraph, options: ImportOptions): ImportedNotebook {
  const fail = (why: string): never => {
    throw new Error(`${graph.file}: ${why}`);
  };
  if (graph.inputs.length !== 1) fail(`the model has ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(", ") || "none"}); models of one input are imported`);
  const [input] = graph.inputs;
  const shape = input.shape.map((d, axis) => {
    if (typeof d === "number") return d;
    if (axis === 0) return 1; // a dynamic batch: one sample to start; edit the input for more
    return fail(`input "${input.name}" has a dynamic axis ${axis} (${d === null ? "unnamed" : JSON.stringify(d)}); only the batch axis may be dynamic, so export with a fixed size there`);
  });
  if (!shape.length) fail(`input "${input.name}" has no shape; export with an example input of the model's shape`);

  const reserved = new Set<string>([...JS_RESERVED.split(" "), ...options.reserved]);
  const taken = new Set<string>(reserved);
  const claim = (wanted: string): string => {
    let base =
      wanted
        .replace(/[^A-Za-z0-9_$]/g, "_")
        .replace(/_+/g, "_")
        .replace(/^_|_$/g, "") || "layer";
    if (/^[0-9]/.test(base)) base = `l${base}`;
    // "/Relu" (before "/Relu_1") would be the library's relu: it is relu_0.
    if (reserved.has(base)) base = `${base}_0`;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  };
  const outputNames = new Map(graph.outputs.map((o) => [o.name, o.name]));
  const inputCell = claim(input.name);
  for (const o of graph.outputs) outputNames.set(o.name, claim(o.name));

  const cells: ImportedNotebook["cells"] = [];
  const weights = new Map<string, Tensor>();
  const uses = new Set<string>(["randn", "summary", "summaryTable", "featureMaps", "loadSafetensors"]);
  const values = new Map<string, Operand | { kind: "init"; tensor: OnnxTensor; name: string }>();
  values.set(input.name, { kind: "tensor", ref: inputCell, rank: shape.length });
  for (const [name, tensor] of graph.initializers) values.set(name, { kind: "init", tensor, name });

  const moduleCounts = new Map<string, number>();
  for (const node of graph.nodes) moduleCounts.set(modulePath(node), (moduleCounts.get(modulePath(node)) ?? 0) + 1);
  const consumers = new Map<string, OnnxNode[]>();
  for (const node of graph.nodes) for (const i of node.inputs) consumers.set(i, [...(consumers.get(i) ?? []), node]);
  const drawAfter = blockEnds(graph.nodes, consumers);

  for (const node of graph.nodes) {
    const where = `node "${node.name}" (${node.opType})`;
    if (node.opType === "Constant") {
      const value = node.attributes.get("value");
      if (!value || typeof value !== "object" || Array.isArray(value)) fail(`${where}: only a tensor "value" is read`);
      values.set(node.outputs[0], { kind: "init", tensor: value as OnnxTensor, name: node.outputs[0] });
      continue;
    }
    const translate = ONNX_OPS[node.opType];
    if (!translate) fail(`${where}: the operator ${node.opType} is not supported; supported: ${Object.keys(ONNX_OPS).sort().join(", ")}`);
    const produced = node.outputs[0];
    const named = outputNames.get(produced);
    let cellName: string | undefined;
    const nameCell = () => (cellName ??= named ?? claim(cellNameOf(node, moduleCounts)));
    const pending: string[] = [];
    const materialize = (i: number, role: string): { ref: string; rank?: number } => {
      const v = values.get(node.inputs[i]);
      if (!v) return fail(`${where}: input ${i} ("${node.inputs[i]}") is not made by any earlier node`);
      if (v.kind === "tensor") return v;
      if (v.kind !== "init") return fail(`${where}: input ${i} is ${v.kind === "ints" ? "a list of integers" : "a number"} where a tensor is expected`);
      const transposed = role === "weight^T";
      const ref = claim(`${nameCell()}_${transposed ? "weight" : role}`);
      const stored = transposed ? transpose2d(v.tensor, `${where}: B`) : v.tensor;
      // A transposed copy gets a name no initializer of the model has (a model may hold "w^T" itself).
      let entry = v.name;
      if (transposed) for (entry = `${v.name}^T`; graph.initializers.has(entry) || weights.has(entry); ) entry += "^T";
      weights.set(entry, stored);
      pending.push(`const ${ref} = weights.get(${quote(entry)}, ${formatShape(stored.shape)})`);
      const operand: Operand = { kind: "tensor", ref, rank: stored.shape.length };
      if (!transposed) values.set(v.name, operand); // a weight used twice is one cell
      return operand;
    };
    const context: OpContext = {
      node,
      tensor: (i, role = `input${i}`) => materialize(i, role),
      ints: (i) => {
        const v = values.get(node.inputs[i]);
        if (v?.kind === "ints") return v;
        if (v?.kind === "init" && v.tensor.integer) {
          const values = Array.from(v.tensor.data);
          const scalar = v.tensor.shape.length === 0;
          return { expr: scalar ? String(values[0]) : `[${values.join(", ")}]`, values, scalar, items: scalar ? undefined : values.map(String) };
        }
        return fail(`${where}: input ${i} ("${node.inputs[i]}") must be a list of integers (a constant or a shape)`);
      },
      operand: (i, role) => {
        if (!node.inputs[i]) return undefined;
        const v = values.get(node.inputs[i]);
        if (v?.kind === "init") {
          if (v.tensor.integer) return { kind: "ints", ...context.ints(i) };
          if (v.tensor.shape.length === 0 || (v.tensor.shape.every((d) => d === 1) && v.tensor.data.length === 1)) return { kind: "number", value: Number(v.tensor.data[0].toPrecision(9)) };
          return { kind: "tensor", ...materialize(i, role ?? `input${i}`) };
        }
        if (!v) return fail(`${where}: input ${i} ("${node.inputs[i]}") is not made by any earlier node`);
        return v;
      },
      attr: (name, fallback) => (node.attributes.has(name) ? (node.attributes.get(name) as typeof fallback) : fallback),
      fail: (why) => fail(`${where}: ${why}`),
    };
    const result: Translation = translate(context);
    if ("alias" in result) {
      const alias = result.alias;
      values.set(produced, alias);
      if (named && !(alias.kind === "tensor" && alias.ref === named)) {
        if (alias.kind !== "tensor") return fail(`${where}: the model's output "${produced}" is not a tensor`);
        cells.push({ mode: "js", value: `const ${named} = ${alias.ref}` });
        values.set(produced, { ...alias, ref: named });
      }
      continue;
    }
    if ("ints" in result) {
      values.set(produced, { kind: "ints", expr: result.ints, values: result.values, items: result.items, scalar: result.scalar });
      continue;
    }
    for (const u of result.uses) uses.add(u);
    const name = nameCell();
    for (const line of pending) cells.push({ mode: "js", value: line });
    cells.push({ mode: "js", value: `const ${name} = ${result.code}` });
    values.set(produced, { kind: "tensor", ref: name, rank: result.rank });
    if (drawAfter.has(node)) cells.push({ mode: "js", value: `featureMaps(${name})` });
  }
  const outputs = graph.outputs.map((o) => {
    const v = values.get(o.name);
    if (v?.kind !== "tensor") return fail(`the model's output "${o.name}" is not computed by its nodes as a tensor`);
    return v.ref;
  });

  // Text from the model or a file name goes into Markdown, whose ${…} runs and whose tags render: plain characters only.
  const plain = (text: string) => text.replace(/[^\w .+:/-]/g, "_");
  const title = plain(graph.file.replace(/^.*[\\/]/, "").replace(/\.onnx$/i, ""));
  const intro = [
    `# ${title}`,
    "",
    `Imported from \`${plain(graph.file.replace(/^.*[\\/]/, ""))}\`${graph.producer ? ` (made by ${plain(graph.producer)}, opset ${graph.opset})` : ""}: each layer of the model is a cell below, named after its module, and its ${weights.size} weight tensors are read from \`${plain(options.weightsFile)}\`. The input \`${inputCell}\` is random data of the model's shape ${formatShape(shape)}; redefine it (or run \`scanbook run\` with \`--edit '${inputCell}=...'\`) to compute the model on your own data. Edit any cell and only the cells after it compute again.`,
  ].join("\n");
  return {
    cells: [
      { mode: "md", value: intro },
      { mode: "js", value: `import {${[...uses].sort().join(", ")}} from "scanbook";` },
      { mode: "js", value: `const weights = await loadSafetensors(FileAttachment(${quote(options.weightsFile)}))` },
      { mode: "js", value: `const ${inputCell} = randn(${formatShape(shape)}, {seed: 0})` },
      ...cells,
      ...outputs.map((o) => ({ mode: "js" as const, value: `summaryTable(summary(${o}))` })),
    ],
    weights,
    input: inputCell,
    outputs,
  };
}

/** "/block/conv1/Conv" → "block/conv1"; "/Relu_1" → "" (the module path PyTorch writes into node names). */
function modulePath(node: OnnxNode): string {
  const parts = node.name.split("/").filter(Boolean);
  return parts.slice(0, -1).join("/");
}

/**
 * A cell's name: the node's module path ("block_conv1") when that module made only this node,
 * else the path and the op ("block_relu_1", "relu"); a Sequential's index is led by its op ("conv_0").
 */
function cellNameOf(node: OnnxNode, counts: Map<string, number>): string {
  const path = modulePath(node);
  const last = node.name.split("/").filter(Boolean).pop() ?? node.opType;
  const op = snake(last);
  if (!path) return op;
  const flat = path.replace(/[/.]/g, "_");
  if (counts.get(path) === 1) return /^[0-9]/.test(flat) ? `${snake(node.opType)}_${flat}` : flat;
  return `${flat}_${op}`;
}

/** "MaxPool_1" → "max_pool_1". */
const snake = (s: string) =>
  s
    .replace(/^Gemm/, "Linear")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();

/** The node after which each convolution block's maps are drawn: the last of its batch norm and activation. */
function blockEnds(nodes: readonly OnnxNode[], consumers: Map<string, OnnxNode[]>): Set<OnnxNode> {
  const ends = new Set<OnnxNode>();
  for (const node of nodes) {
    if (node.opType !== "Conv") continue;
    let end = node;
    for (;;) {
      const next = consumers.get(end.outputs[0]);
      if (next?.length !== 1 || !BLOCK_TAIL.has(next[0].opType)) break;
      end = next[0];
    }
    ends.add(end);
  }
  return ends;
}

/** A 2-D initializer transposed (Gemm's B without transB, as linear's [out, in] weight). */
function transpose2d(t: Tensor, where: string): Tensor {
  if (t.shape.length !== 2) throw new Error(`${where}: expected a matrix, got ${formatShape(t.shape)}`);
  const [r, c] = t.shape;
  const data = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = t.data[i * c + j];
  return { shape: [c, r], data };
}
