import { describe, expect, it } from "vitest";
import { randn } from "../../kernel/tensor/random.ts";
import { sequential, type LayerSpec } from "../../kernel/tensor/sequential.ts";
import { tensor, type Tensor } from "../../kernel/tensor/tensor.ts";

const lenet: LayerSpec[] = [
  { op: "conv2d", name: "conv1", weight: "w1", bias: "b1", padding: 1 },
  { op: "relu" },
  { op: "max_pool2d", kernelSize: 2 },
  { op: "conv2d", name: "conv2", weight: "w2", bias: "b2", stride: 2 },
  { op: "tanh" },
  { op: "flatten" },
  { op: "linear", name: "fc", weight: "w3", bias: "b3" },
  { op: "cross_entropy", target: tensor([1, 3], [2], "float64") },
];

function params(seed: number): Record<string, Tensor> {
  const shapes: Record<string, number[]> = { w1: [3, 2, 3, 3], b1: [3], w2: [4, 3, 3, 3], b2: [4], w3: [5, 16], b3: [5] };
  return Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, randn(s, { seed: seed + i, dtype: "float64" })]));
}

/** Central differences of the loss with respect to every element of one named tensor. */
function numericGrad(x: Tensor, layers: LayerSpec[], p: Record<string, Tensor>, name: string): number[] {
  const t = name === "x" ? x : p[name];
  const h = 1e-6;
  return Array.from(t.data, (_, i) => {
    const keep = t.data[i];
    t.data[i] = keep + h;
    const plus = sequential(x, layers, p).output.data[0];
    t.data[i] = keep - h;
    const minus = sequential(x, layers, p).output.data[0];
    t.data[i] = keep;
    return (plus - minus) / (2 * h);
  });
}

describe("sequential", () => {
  it("returns the loss and every parameter's gradient, matching finite differences", () => {
    const x = randn([2, 2, 10, 10], { seed: 1, dtype: "float64" });
    const p = params(10);
    const result = sequential(x, lenet, p);
    expect(result.output.shape).toEqual([]);
    expect(result.outputs).toHaveLength(lenet.length);
    for (const name of ["x", "w1", "b1", "w2", "b2", "w3", "b3"]) {
      const numeric = numericGrad(x, lenet, p, name);
      const analytic = Array.from(result.grads[name].data);
      analytic.forEach((a, i) => expect(Math.abs(a - numeric[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric[i]))));
    }
  });

  it("sums the gradient of a weight shared by two layers", () => {
    const layers: LayerSpec[] = [
      { op: "conv1d", weight: "w", padding: 1 },
      { op: "tanh" },
      { op: "conv1d", weight: "w", padding: 1 },
      { op: "mse", target: randn([1, 2, 6], { seed: 3, dtype: "float64" }) },
    ];
    const x = randn([1, 2, 6], { seed: 4, dtype: "float64" });
    const p = { w: randn([2, 2, 3], { seed: 5, dtype: "float64" }) };
    const analytic = sequential(x, layers, p).grads.w.data;
    numericGrad(x, layers, p, "w").forEach((n, i) => expect(analytic[i]).toBeCloseTo(n, 6));
  });

  it("takes an upstream gradient when the network does not end in a loss", () => {
    const x = tensor([1, -2, 3], [1, 3], "float64");
    const result = sequential(x, [{ op: "relu" }], {}, { gradOutput: tensor([5, 6, 7], [1, 3], "float64") });
    expect(Array.from(result.grads.x.data)).toEqual([5, 0, 7]);
    expect(() => sequential(x, [{ op: "relu" }])).toThrow("sequential: the last layer's output [1, 3] is not a scalar loss; pass gradOutput");
  });

  it("names the layer whose parameter is missing, and passes the layer name to op errors", () => {
    const x = randn([2, 2, 10, 10], { seed: 1 });
    expect(() => sequential(x, lenet, {})).toThrow('sequential: layer 0 (conv1) needs parameter "w1", which is not given');
    const p = params(1);
    p.w2 = randn([4, 2, 3, 3], { seed: 1, dtype: "float64" });
    expect(() => sequential(x, lenet, p)).toThrow('conv2d "conv2": expected input [N, 2, H, W], got [2, 3, 5, 5]');
  });
});
