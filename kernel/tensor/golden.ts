import { getOp, isOpName } from "./ops/index.ts";
import { runConvStack, scanWithMlp, scanningMlpToCnn, type MlpLayer } from "./scanning.ts";
import { sequential, type LayerSpec } from "./sequential.ts";
import { backward as graphBackward, forward as graphForward, type Graph, type GraphNode } from "./training/graph.ts";
import { makeOptimizer } from "./training/optimizers.ts";
import { schedule } from "./training/schedules.ts";
import { formatShape, tensor, type DType, type Tensor } from "./tensor.ts";

/**
 * Runs the golden cases of shared/golden/README.md (PyTorch, float64) through the engine.
 * Pure: the caller reads the file. Tolerance per element: |a - b| <= tol · max(1, |b|).
 */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}
export interface GoldenCase {
  id: string;
  op: string;
  params: Record<string, unknown>;
  inputs: Record<string, GoldenTensor>;
  output: GoldenTensor;
  upstream?: GoldenTensor;
  grads?: Record<string, GoldenTensor>;
  /** An op's running state after the call (batch norm's running statistics), by PyTorch's snake_case name. */
  state?: Record<string, GoldenTensor>;
  /** Optimizer cases: per step, the loss and the parameters after it. */
  trajectory?: GoldenStep[];
  /** Schedule cases: the learning rate of each epoch. */
  lrs?: number[];
}
/** A node of a golden graph (README-2.md): inputs by leaf or node name. */
interface GoldenNode {
  name: string;
  op: string;
  inputs: Record<string, string>;
  params?: Record<string, unknown>;
}

/** One step of an optimizer case: the loss evaluated before the step, and every parameter after it. */
interface GoldenStep {
  loss: number;
  params: Record<string, GoldenTensor>;
}

export interface GoldenFile {
  cases: GoldenCase[];
}

export interface CaseResult {
  id: string;
  op: string;
  passed: boolean;
  /** One line per mismatch or error. */
  failures: string[];
}

export const TOLERANCE: Record<DType, number> = { float32: 1e-4, float64: 1e-9 };

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const isTensor = (value: unknown): value is GoldenTensor => typeof value === "object" && value !== null && Array.isArray((value as GoldenTensor).shape) && Array.isArray((value as GoldenTensor).data);

/** PyTorch's snake_case params as our options; `bias: true/false` is carried by the inputs instead. */
function optionsOf(params: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    // cat's `inputs` lists its tensors' order, which are x0, x1, ... in the engine too; a
    // tensor-valued param (a loss's class weights) is an input of the engine's op.
    if (key === "bias" || key === "target" || key === "layers" || key === "inputs" || isTensor(value)) continue;
    options[camel(key)] = value;
  }
  return options;
}

/**
 * A target is either a tensor or a flat list of numbers: class indices, or one value per
 * example. A flat list takes the shape it must have when that is known and the count fits
 * (class indices for [N, C, d...] logits: [N, d...]; other losses: the input's shape).
 */
function targetOf(value: unknown, dtype: DType, shape?: readonly number[]): Tensor {
  if (Array.isArray(value)) {
    const fits = shape && shape.reduce((a, b) => a * b, 1) === value.length;
    return tensor(value as number[], fits ? shape : [value.length], dtype);
  }
  const t = value as GoldenTensor;
  return tensor(t.data, t.shape, dtype);
}

function compare(what: string, got: Tensor | undefined, want: GoldenTensor, tol: number, failures: string[]): void {
  if (!got) {
    failures.push(`${what}: missing`);
    return;
  }
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    failures.push(`${what}: shape ${formatShape(got.shape)}, expected ${formatShape(want.shape)}`);
    return;
  }
  let worst = -1,
    worstExcess = 0;
  for (let i = 0; i < want.data.length; i++) {
    const excess = Math.abs(got.data[i] - want.data[i]) - tol * Math.max(1, Math.abs(want.data[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    failures.push(`${what}: element ${worst} is ${got.data[worst]}, expected ${want.data[worst]} (tolerance ${tol} relative)`);
  }
}

/** Golden network steps as sequential specs; `max_over` is the max over time, one score per example. */
function networkSpecs(layers: Record<string, unknown>[], dtype: DType): LayerSpec[] {
  return layers.flatMap((layer): LayerSpec[] => {
    const { op, in: _in, weight, bias, target, ...rest } = layer as Record<string, unknown> & { op: string };
    const options = optionsOf(rest);
    if (op === "max_over")
      return [
        { op: "amax", ...options },
        { op: "flatten", startDim: 0 },
      ];
    const spec: LayerSpec = { op, ...options };
    if (typeof weight === "string") spec.weight = weight;
    if (typeof bias === "string") spec.bias = bias;
    if (target !== undefined) spec.target = targetOf(target, dtype);
    return [spec];
  });
}

/** snake_case options as camelCase (T_max → tMax too). */
const camelKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k === "T_max" ? "tMax" : camel(k), v]));

/**
 * A golden graph as the engine's training graph: leaves are the case's inputs (and each loss
 * node's target), nodes run the engine's ops with their params as options.
 */
function graphOf(nodes: GoldenNode[], output: string, inputs: Record<string, Tensor>, dtype: DType): { graph: Graph; leaves: Map<number, Tensor>; idOf: Map<string, number> } {
  const idOf = new Map<string, number>();
  const leaves = new Map<number, Tensor>();
  const leafId = (name: string, value: Tensor) => {
    const id = idOf.size + 1;
    idOf.set(name, id);
    leaves.set(id, value);
    return id;
  };
  for (const [name, t] of Object.entries(inputs)) leafId(name, t);
  const graphNodes: GraphNode[] = nodes.map((node) => {
    const ids: Record<string, number> = {};
    for (const [slot, name] of Object.entries(node.inputs)) {
      const id = idOf.get(name);
      if (id === undefined) throw new Error(`graph node ${node.name}: no leaf or earlier node named ${name}`);
      ids[slot] = id;
    }
    const { target, ...params } = node.params ?? {};
    if (target !== undefined) {
      const x = ids.x ? (leaves.get(ids.x)?.shape ?? null) : null;
      ids.target = leafId(`${node.name}.target`, targetOf(target, dtype, node.op === "cross_entropy" || x === null ? undefined : x));
    }
    const id = idOf.size + 1;
    idOf.set(node.name, id);
    return { id, op: node.op, inputs: ids, options: optionsOf(params) };
  });
  const loss = idOf.get(output);
  if (loss === undefined) throw new Error(`graph: no node named ${output}`);
  return { graph: { nodes: graphNodes, loss }, leaves, idOf };
}

function runGraph(c: GoldenCase, inputs: Record<string, Tensor>, dtype: DType, tol: number, failures: string[]): void {
  const { graph, leaves, idOf } = graphOf(c.params.nodes as GoldenNode[], c.params.output as string, inputs, dtype);
  const evaluation = graphForward(graph, leaves);
  compare("output", evaluation.values.get(graph.loss), c.output, tol, failures);
  const wrt = Object.keys(c.grads ?? {}).map((name) => idOf.get(name)!);
  const grads = graphBackward(graph, evaluation, wrt);
  for (const name of Object.keys(c.grads ?? {})) compare(`grad ${name}`, grads.get(idOf.get(name)!), c.grads![name], tol, failures);
}

/** Optimizer trajectories compound several steps: float32 is held to 1e-3 (README-2.md). */
const TRAJECTORY_TOLERANCE: Record<DType, number> = { float32: 1e-3, float64: 1e-9 };

function runOptimizer(c: GoldenCase, inputs: Record<string, Tensor>, dtype: DType, failures: string[]): void {
  const tol = TRAJECTORY_TOLERANCE[dtype];
  const trajectory = c.trajectory ?? [];
  const names = Object.keys(trajectory[0]?.params ?? {});
  const { graph, leaves, idOf } = graphOf(c.params.nodes as GoldenNode[], c.params.output as string, inputs, dtype);
  const optimizer = makeOptimizer(String(c.params.optimizer), camelKeys(c.params.options as Record<string, unknown>), "optimizer");
  const ids = names.map((name) => idOf.get(name)!);
  for (const [step, want] of trajectory.entries()) {
    const evaluation = graphForward(graph, leaves);
    const loss = evaluation.values.get(graph.loss)!;
    compare(`step ${step} loss`, loss, { shape: [], data: [want.loss] }, tol, failures);
    const grads = graphBackward(graph, evaluation, ids);
    for (const id of ids) leaves.set(id, optimizer.step(id, leaves.get(id)!, grads.get(id)!));
    for (const [i, name] of names.entries()) compare(`step ${step} ${name}`, leaves.get(ids[i]), want.params[name], tol, failures);
  }
}

function runSchedule(c: GoldenCase, failures: string[]): void {
  const p = c.params as { scheduler: string; lr: number; epochs: number; options: Record<string, unknown> };
  const lrAt = schedule(p.scheduler, p.lr, camelKeys(p.options), "lr_scheduler");
  const got = Array.from({ length: p.epochs }, (_, e) => lrAt(e));
  compare("lrs", { shape: [got.length], data: Float64Array.from(got) }, { shape: [c.lrs?.length ?? 0], data: c.lrs ?? [] }, 1e-9, failures);
}

function runCase(c: GoldenCase, dtype: DType, failures: string[]): void {
  const tol = TOLERANCE[dtype];
  if (c.op === "lr_scheduler") {
    runSchedule(c, failures);
    return;
  }
  const inputs: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) inputs[name] = tensor(t.data, t.shape, dtype);
  if (c.op === "graph") {
    runGraph(c, inputs, dtype, tol, failures);
    return;
  }
  if (c.op === "optimizer") {
    runOptimizer(c, inputs, dtype, failures);
    return;
  }

  if (c.op === "network") {
    const { x, ...params } = inputs;
    const specs = networkSpecs(c.params.layers as Record<string, unknown>[], dtype);
    const result = sequential(x, specs, params);
    compare("output", result.output, c.output, tol, failures);
    for (const [name, want] of Object.entries(c.grads ?? {})) compare(`grad ${name}`, result.grads[name], want, tol, failures);
    return;
  }

  if (c.op === "scanning_mlp") {
    const sizes = c.params.sizes as number[];
    const layers: MlpLayer[] = sizes.slice(1).map((_, i) => ({ weight: inputs[`w${i + 1}`], bias: inputs[`b${i + 1}`] }));
    const mlp = { kernel: c.params.kernel as number, stride: c.params.stride as number, layers };
    compare("output (window by window)", scanWithMlp(inputs.x, mlp), c.output, tol, failures);
    compare("output (equivalent CNN)", runConvStack(inputs.x, scanningMlpToCnn(mlp)), c.output, tol, failures);
    return;
  }

  if (!isOpName(c.op)) {
    failures.push(`unknown op "${c.op}"`);
    return;
  }
  const op = getOp(c.op);
  const options = optionsOf(c.params);
  for (const [key, value] of Object.entries(c.params)) if (key !== "target" && isTensor(value)) inputs[camel(key)] = tensor(value.data, value.shape, dtype);
  if (c.params.target !== undefined) {
    const x = inputs.x?.shape;
    const expected = x && (c.op === "cross_entropy" || c.op === "nll_loss" ? (x.length > 1 ? [x[0], ...x.slice(2)] : []) : x);
    inputs.target = targetOf(c.params.target, dtype, expected);
  }
  const { output, saved, state } = op.forward(inputs, options);
  compare("output", output, c.output, tol, failures);
  for (const [name, want] of Object.entries(c.state ?? {})) {
    // Evaluation leaves the running statistics as they were: the inputs are the state then.
    compare(`state ${name}`, state?.[camel(name)] ?? inputs[camel(name)], want, tol, failures);
  }
  if (!c.upstream) return;
  const upstream = tensor(c.upstream.data, c.upstream.shape, dtype);
  const grads = op.backward(upstream, saved, options);
  for (const [name, want] of Object.entries(c.grads ?? {})) compare(`grad ${name}`, grads[name], want, tol, failures);
}

export function runGoldenCase(c: GoldenCase, dtype: DType = "float32"): CaseResult {
  const failures: string[] = [];
  try {
    runCase(c, dtype, failures);
  } catch (error) {
    failures.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { id: c.id, op: c.op, passed: failures.length === 0, failures };
}
