import { describe, expect, it } from "vitest";
import { analyzeChain, inferShape } from "../../kernel/tensor/shapes.ts";

describe("inferShape", () => {
  it("conv2d: 3x32x32 with 10 filters 5x5, pad 2 → 10x32x32, 760 parameters, 768,000 multiply-adds (lecture)", () => {
    const info = inferShape("conv2d", { x: [1, 3, 32, 32], weight: [10, 3, 5, 5], bias: [10] }, { stride: 1, padding: 2 });
    expect(info.shape).toEqual([1, 10, 32, 32]);
    expect(info.params).toBe(760);
    expect(info.macs).toBe(768_000);
  });

  it("conv2d: 3x32x32 with 6 filters 3x5x5, no padding → 6x28x28 (lecture)", () => {
    expect(inferShape("conv2d", { x: [1, 3, 32, 32], weight: [6, 3, 5, 5] }).shape).toEqual([1, 6, 28, 28]);
  });

  it("conv2d: output size (W - K + 2P)/S + 1 on the 7x7 input, 3x3 filter, stride 2 example", () => {
    expect(inferShape("conv2d", { x: [1, 1, 7, 7], weight: [1, 1, 3, 3] }, { stride: 2 }).shape).toEqual([1, 1, 3, 3]);
  });

  it("multiply-adds scale with the batch and count groups", () => {
    const info = inferShape("conv1d", { x: [4, 6, 20], weight: [9, 2, 3] }, { groups: 3 });
    expect(info.shape).toEqual([4, 9, 18]);
    expect(info.macs).toBe(4 * 18 * 9 * 2 * 3);
    expect(info.params).toBe(54);
  });

  it("linear, pooling and losses", () => {
    expect(inferShape("linear", { x: [8, 16], weight: [10, 16], bias: [10] })).toMatchObject({ shape: [8, 10], params: 170, macs: 1280 });
    expect(inferShape("max_pool2d", { x: [1, 6, 28, 28] }, { kernelSize: 2 }).shape).toEqual([1, 6, 14, 14]);
    expect(inferShape("cross_entropy", { x: [8, 10], target: [8] }).shape).toEqual([]);
    expect(inferShape("conv_transpose2d", { x: [1, 4, 5, 5], weight: [4, 2, 3, 3] }, { stride: 2, outputPadding: 1 }).shape).toEqual([1, 2, 12, 12]);
  });

  it("reports a bad stride without computing: the op's own error", () => {
    expect(() => inferShape("conv2d", { x: [1, 1, 5, 5], weight: [1, 1, 7, 7] })).toThrow("conv2d: kernel 7 larger than input 5 (H)");
  });
});

describe("analyzeChain", () => {
  it("L stacked KxK stride-1 convolutions see 1 + L(K - 1) inputs (lecture)", () => {
    for (const [L, K] of [
      [1, 3],
      [3, 3],
      [4, 5],
      [6, 2],
    ]) {
      const layers = Array.from({ length: L }, () => ({ op: "conv2d", weight: [2, 2, K, K] }));
      const last = analyzeChain([1, 2, 64, 64], layers).at(-1)!;
      expect(last.receptiveField).toEqual([
        { size: 1 + L * (K - 1), stride: 1, start: 0 },
        { size: 1 + L * (K - 1), stride: 1, start: 0 },
      ]);
    }
  });

  it("Distill's example (k, p, s) = (3, 1, 3) then (2, 0, 1): size 6 starting at -1", () => {
    const rows = analyzeChain(
      [1, 1, 30],
      [
        { op: "conv1d", weight: [1, 1, 3], options: { padding: 1, stride: 3 } },
        { op: "conv1d", weight: [1, 1, 2], options: { padding: 0, stride: 1 } },
      ],
    );
    expect(rows[0].receptiveField).toEqual([{ size: 3, stride: 3, start: -1 }]);
    expect(rows[1].receptiveField).toEqual([{ size: 6, stride: 3, start: -1 }]);
  });

  it("pooling and strides grow the field and the effective stride; activations leave them; flatten ends them", () => {
    const rows = analyzeChain(
      [1, 1, 28, 28],
      [
        { op: "conv2d", name: "conv1", weight: [6, 1, 5, 5], bias: [6] },
        { op: "relu" },
        { op: "max_pool2d", options: { kernelSize: 2 } },
        { op: "conv2d", weight: [16, 6, 5, 5], bias: [16], options: { dilation: 2 } },
        { op: "flatten" },
      ],
    );
    expect(rows.map((r) => r.name)).toEqual(["conv1", "relu2", "max_pool2d3", "conv2d4", "flatten5"]);
    expect(rows[0].receptiveField![0]).toEqual({ size: 5, stride: 1, start: 0 });
    expect(rows[1].receptiveField![0]).toEqual({ size: 5, stride: 1, start: 0 });
    expect(rows[2].receptiveField![0]).toEqual({ size: 6, stride: 2, start: 0 });
    // dilated 5x5 spans 9 positions of a stride-2 map: 6 + 8·2
    expect(rows[3].receptiveField![0]).toEqual({ size: 22, stride: 2, start: 0 });
    expect(rows[3].shape).toEqual([1, 16, 4, 4]);
    expect(rows[4]).toMatchObject({ shape: [1, 256], receptiveField: null });
  });

  it("softmax over channels keeps the field; over a spatial axis it spans the whole input", () => {
    const conv = { op: "conv1d", weight: [4, 2, 3] };
    const overChannels = analyzeChain([1, 2, 10], [conv, { op: "softmax", options: { dim: 1 } }]).at(-1)!;
    expect(overChannels.receptiveField).toEqual([{ size: 3, stride: 1, start: 0 }]);
    expect(analyzeChain([1, 2, 10], [conv, { op: "softmax", options: { dim: 2 } }]).at(-1)!.receptiveField).toBeNull();
  });

  it("names the failing layer", () => {
    expect(() => analyzeChain([1, 3, 8, 8], [{ op: "conv2d", name: "conv1", weight: [4, 1, 3, 3] }])).toThrow('conv2d "conv1": expected input [N, 1, H, W], got [1, 3, 8, 8]');
  });
});
