import { describe, expect, it } from "vitest";
import { backward, forward, graphTo, type GraphNode } from "../../../kernel/tensor/training/graph.ts";
import { randn } from "../../../kernel/tensor/random.ts";
import { tensor, type Tensor } from "../../../kernel/tensor/tensor.ts";

// A small CNN as graph nodes. Leaves: 1 input x, 2 conv weight, 3 conv bias, 4 linear weight, 5 targets.
const NODES: GraphNode[] = [
  { id: 10, op: "conv2d", inputs: { x: 1, weight: 2, bias: 3 }, options: { padding: 1 } },
  { id: 11, op: "relu", inputs: { x: 10 }, options: {} },
  { id: 12, op: "max_pool2d", inputs: { x: 11 }, options: { kernelSize: 2 } },
  { id: 13, op: "flatten", inputs: { x: 12 }, options: {} },
  { id: 14, op: "linear", inputs: { x: 13, weight: 4 }, options: {} },
  { id: 15, op: "cross_entropy", inputs: { x: 14, target: 5 }, options: {} },
];
const byId = new Map(NODES.map((n) => [n.id, n]));

function leaves(): Map<number, Tensor> {
  return new Map<number, Tensor>([
    [1, randn([3, 2, 6, 6], { seed: 1, dtype: "float64" })],
    [2, randn([4, 2, 3, 3], { seed: 2, dtype: "float64" })],
    [3, randn([4], { seed: 3, dtype: "float64" })],
    [4, randn([3, 36], { seed: 4, dtype: "float64" })],
    [5, { shape: [3], data: Float64Array.from([0, 2, 1]) }],
  ]);
}

const lossOf = (values: Map<number, Tensor>) =>
  forward(
    graphTo(15, (id) => byId.get(id)),
    values,
  ).values.get(15)!.data[0];

describe("graphTo", () => {
  it("orders the op nodes inputs-first, shuffled or not, and ends at the loss", () => {
    const shuffledNodes = new Map([...NODES].reverse().map((n) => [n.id, n]));
    expect(graphTo(15, (id) => shuffledNodes.get(id)).nodes.map((n) => n.id)).toEqual([10, 11, 12, 13, 14, 15]);
  });

  it("throws when the loss is a leaf, and on a cycle", () => {
    expect(() => graphTo(1, (id) => byId.get(id))).toThrow("train: the loss is not computed by an op (is it a leaf?)");
    const cyclic = new Map<number, GraphNode>([
      [20, { id: 20, op: "relu", inputs: { x: 21 }, options: {} }],
      [21, { id: 21, op: "relu", inputs: { x: 20 }, options: {} }],
    ]);
    expect(() => graphTo(20, (id) => cyclic.get(id))).toThrow("train: the graph has a cycle at node");
  });
});

describe("backward", () => {
  it("gives every parameter's gradient, matching central finite differences (float64)", () => {
    const graph = graphTo(15, (id) => byId.get(id));
    const values = leaves();
    const grads = backward(graph, forward(graph, values), [2, 3, 4]);
    const h = 1e-6;
    for (const id of [2, 3, 4]) {
      const param = values.get(id)!;
      for (const i of new Set([0, Math.min(5, param.data.length - 1), param.data.length - 1])) {
        const plus = new Map(values),
          minus = new Map(values);
        const p = Float64Array.from(param.data),
          m = Float64Array.from(param.data);
        p[i] += h;
        m[i] -= h;
        plus.set(id, { shape: param.shape, data: p });
        minus.set(id, { shape: param.shape, data: m });
        const numeric = (lossOf(plus) - lossOf(minus)) / (2 * h);
        expect(grads.get(id)!.data[i]).toBeCloseTo(numeric, 6);
      }
    }
  });

  it("gives zeros for a leaf the loss does not depend on, and refuses a loss that is not a scalar", () => {
    const graph = graphTo(15, (id) => byId.get(id));
    const values = leaves();
    values.set(9, tensor([1, 2], [2]));
    expect(Array.from(backward(graph, forward(graph, values), [9]).get(9)!.data)).toEqual([0, 0]);
    const flat = graphTo(13, (id) => byId.get(id));
    expect(() => backward(flat, forward(flat, leaves()), [2])).toThrow("train: expected a scalar loss, got [3, 36]");
  });
});
