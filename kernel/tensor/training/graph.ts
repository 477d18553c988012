import { getOp } from "../ops/index.ts";
import type { RunContext } from "../op.ts";
import { allocate, dtypeOf, full, sizeOf, type Tensor } from "../tensor.ts";

/**
 * A network as data, for training: the op nodes between some leaves (inputs, targets,
 * parameters) and a scalar loss, in an order where every node comes after its inputs. The
 * worker builds one from the nodes a notebook's cells made; a training step evaluates it on a
 * new batch (forward), then takes the loss's gradient with respect to the parameters.
 */
export interface GraphNode {
  id: number;
  op: string;
  inputs: Record<string, number>;
  options: Record<string, unknown>;
}

export interface Graph {
  /** Op nodes, inputs before the nodes that use them; the last is the loss. */
  nodes: GraphNode[];
  loss: number;
}

/**
 * Orders the op nodes the loss depends on. `nodeOf(id)` gives an op node, or undefined for a
 * leaf (whose value the step supplies).
 */
export function graphTo(loss: number, nodeOf: (id: number) => GraphNode | undefined): Graph {
  const order: GraphNode[] = [];
  const state = new Map<number, "visiting" | "done">();
  const visit = (id: number) => {
    const node = nodeOf(id);
    if (!node || state.get(id) === "done") return;
    if (state.get(id) === "visiting") throw new Error(`train: the graph has a cycle at node ${id}`);
    state.set(id, "visiting");
    for (const input of Object.values(node.inputs)) visit(input);
    state.set(id, "done");
    order.push(node);
  };
  visit(loss);
  if (!order.length || order[order.length - 1].id !== loss) throw new Error("train: the loss is not computed by an op (is it a leaf?)");
  return { nodes: order, loss };
}

export interface Evaluation {
  values: Map<number, Tensor>;
  saved: Map<number, unknown>;
  /** The state ops returned (batch norm's new running statistics in training), by node. */
  states: Map<number, Record<string, Tensor>>;
}

/**
 * Forward through the graph from the leaves' values. `optionsOf` may change a node's options
 * for this pass (evaluation mode, a new dropout mask per step).
 */
export function forward(graph: Graph, leaves: ReadonlyMap<number, Tensor>, run?: RunContext, optionsOf: (node: GraphNode) => Record<string, unknown> = (node) => node.options): Evaluation {
  const values = new Map(leaves);
  const saved = new Map<number, unknown>();
  const states = new Map<number, Record<string, Tensor>>();
  for (const node of graph.nodes) {
    const inputs: Record<string, Tensor> = {};
    for (const [slot, id] of Object.entries(node.inputs)) {
      const v = values.get(id);
      if (!v) throw new Error(`train: no value for input ${slot} (node ${id}) of ${node.op}`);
      inputs[slot] = v;
    }
    const result = getOp(node.op).forward(inputs, optionsOf(node), run);
    values.set(node.id, result.output);
    saved.set(node.id, result.saved);
    if (result.state) states.set(node.id, result.state);
  }
  return { values, saved, states };
}

function accumulate(into: Map<number, Tensor>, id: number, g: Tensor): void {
  const old = into.get(id);
  if (!old) {
    into.set(id, g);
    return;
  }
  const sum = allocate(old.data.length, dtypeOf(old));
  for (let i = 0; i < sum.length; i++) sum[i] = old.data[i] + g.data[i];
  into.set(id, { shape: old.shape, data: sum });
}

/**
 * The gradients of the scalar loss with respect to the leaves `wrt`, by one reverse sweep.
 * Each op is asked only for the inputs on a path to a wanted leaf.
 */
export function backward(graph: Graph, evaluation: Evaluation, wrt: readonly number[], run?: RunContext): Map<number, Tensor> {
  const loss = evaluation.values.get(graph.loss)!;
  if (sizeOf(loss.shape) !== 1) throw new Error(`train: expected a scalar loss, got [${loss.shape.join(", ")}]`);
  // Which nodes lead to a wanted leaf: only their gradients are needed.
  const leads = new Set<number>(wrt);
  for (const node of graph.nodes) {
    if (Object.values(node.inputs).some((id) => leads.has(id))) leads.add(node.id);
  }
  const grads = new Map<number, Tensor>([[graph.loss, full(loss.shape, 1, dtypeOf(loss))]]);
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i];
    const gy = grads.get(node.id);
    if (!gy || !leads.has(node.id)) continue;
    const op = getOp(node.op);
    const needed = new Set(op.differentiable.filter((slot) => node.inputs[slot] !== undefined && leads.has(node.inputs[slot])));
    if (!needed.size) continue;
    const g = op.backward(gy, evaluation.saved.get(node.id), node.options, { ...run, needed });
    for (const slot of needed) if (g[slot]) accumulate(grads, node.inputs[slot], g[slot]);
  }
  return new Map(wrt.map((id) => [id, grads.get(id) ?? full(evaluation.values.get(id)!.shape, 0, dtypeOf(loss))]));
}
