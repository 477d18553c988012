import { describe, expect, it } from "vitest";
import { randn } from "../../kernel/tensor/random.ts";
import { distributedToCnn, distributedToMlp, runConvStack, scanWithMlp, scanningMlpToCnn, timeMajorToConvWeight, type DistributedLayer } from "../../kernel/tensor/scanning.ts";
import { tensor, type Tensor } from "../../kernel/tensor/tensor.ts";

function expectSameMap(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i], 9));
}

const f64 = (shape: number[], seed: number) => randn(shape, { seed, dtype: "float64" });

describe("timeMajorToConvWeight", () => {
  it("reads a window weight [out, K·D] (step-major) into a conv weight [out, D, K]", () => {
    // one neuron, D = 2 features, K = 3 steps: index k·D + d holds 10·k + d
    const w = tensor([0, 1, 10, 11, 20, 21], [1, 6]);
    const conv = timeMajorToConvWeight(w, 3);
    expect(conv.shape).toEqual([1, 2, 3]);
    expect(Array.from(conv.data)).toEqual([0, 10, 20, 1, 11, 21]);
  });
});

describe("scanningMlpToCnn", () => {
  it("gives the same map as scanning the MLP window by window", () => {
    const D = 3,
      K = 4,
      S = 2;
    const layers = [
      [5, K * D],
      [3, 5],
      [2, 3],
    ].map(([o, i], n) => ({ weight: f64([o, i], n), bias: f64([o], 10 + n) }));
    const mlp = { kernel: K, stride: S, layers };
    const x = f64([D, 21], 99);
    const map = scanWithMlp(x, mlp);
    expect(map.shape).toEqual([2, 9]);
    const cnn = scanningMlpToCnn(mlp);
    expect(cnn.map((c) => [c.weight.shape, c.stride])).toEqual([
      [[5, 3, 4], 2],
      [[3, 5, 1], 1],
      [[2, 3, 1], 1],
    ]);
    expectSameMap(runConvStack(x, cnn), map);
  });

  it("rejects an MLP whose first layer does not take a whole window", () => {
    const mlp = { kernel: 4, stride: 1, layers: [{ weight: f64([2, 7], 1) }] };
    expect(() => scanWithMlp(f64([2, 10], 2), mlp)).toThrow("scanning MLP: first layer takes 7 inputs, a window of 4 steps x 2 features has 8");
  });
});

describe("distributed scanning", () => {
  // The lecture's 8-step window with stride 4: conv1d(24→2, K2, S2), (2→8, K2, S2), (8→4, K2, S1).
  const D = 24;
  const layers: DistributedLayer[] = [
    { kernel: 2, stride: 2, weight: f64([2, 2 * 24], 1), bias: f64([2], 2) },
    { kernel: 2, stride: 2, weight: f64([8, 2 * 2], 3), bias: f64([8], 4) },
    { kernel: 2, stride: 1, weight: f64([4, 2 * 8], 5), bias: f64([4], 6) },
  ];

  it("its CNN and its plain scanning MLP give the same map", () => {
    const mlp = distributedToMlp(layers, D);
    expect([mlp.kernel, mlp.stride]).toEqual([8, 4]);
    // first layer: 4 blocks of 2 neurons over 8 steps x 24 features; then 2 blocks of 8; then 4 outputs
    expect(mlp.layers.map((l) => l.weight.shape)).toEqual([
      [8, 192],
      [16, 8],
      [4, 16],
    ]);
    const x = f64([D, 40], 7);
    const map = scanWithMlp(x, mlp);
    expect(map.shape).toEqual([4, 9]);
    expectSameMap(runConvStack(x, distributedToCnn(layers)), map);
  });

  it("shares each block: the CNN has K0·D·N1 + K1·N1·N2 + K2·N2·N3 weights, the plain MLP repeats them", () => {
    const cnnWeights = distributedToCnn(layers).reduce((s, c) => s + c.weight.data.length, 0);
    expect(cnnWeights).toBe(2 * 24 * 2 + 2 * 2 * 8 + 2 * 8 * 4);
    const nonZero = distributedToMlp(layers, D).layers.reduce((s, l) => s + l.weight.data.filter((v) => v !== 0).length, 0);
    expect(nonZero).toBe(4 * (2 * 24 * 2) + 2 * (2 * 2 * 8) + 1 * (2 * 8 * 4));
  });

  it("also holds with overlapping blocks (stride below kernel)", () => {
    const overlapping: DistributedLayer[] = [
      { kernel: 3, stride: 1, weight: f64([3, 3 * 2], 11) },
      { kernel: 2, stride: 2, weight: f64([2, 2 * 3], 12), bias: f64([2], 13) },
    ];
    const mlp = distributedToMlp(overlapping, 2);
    expect([mlp.kernel, mlp.stride]).toEqual([4, 2]);
    const x = f64([2, 15], 14);
    expectSameMap(runConvStack(x, distributedToCnn(overlapping)), scanWithMlp(x, mlp));
  });

  it("rejects a block of the wrong width", () => {
    expect(() => distributedToMlp([{ kernel: 2, stride: 1, weight: f64([2, 5], 1) }], 3)).toThrow("distributed scan: layer 0 weight [2, 5] should be [2, 6] (kernel 2 x 3 inputs)");
  });
});
