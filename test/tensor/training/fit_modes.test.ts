import { describe, expect, it } from "vitest";
import { Fit } from "../../../kernel/tensor/training/fit.ts";
import { forward, graphTo, type GraphNode } from "../../../kernel/tensor/training/graph.ts";
import { getOp } from "../../../kernel/tensor/ops/index.ts";
import { full, type Tensor } from "../../../kernel/tensor/tensor.ts";
import { randn } from "../../../kernel/tensor/random.ts";
import { bars } from "../../helpers/bars.ts";

/**
 * Training and evaluation modes inside a training: batch norm's running statistics (leaves 6
 * and 7) updated each step and used for held-out scoring; dropout drawing a new mask each step
 * and passing everything when scoring.
 */
// x (1) → conv 4@3x3 (2) → batch norm (6, 7) → relu → dropout → max pool → flatten → linear (4) → cross-entropy (5).
function nodes(dropoutP: number): GraphNode[] {
  return [
    { id: 10, op: "conv2d", inputs: { x: 1, weight: 2 }, options: {} },
    { id: 11, op: "batch_norm", inputs: { x: 10, runningMean: 6, runningVar: 7 }, options: { training: true, name: "bn" } },
    { id: 12, op: "relu", inputs: { x: 11 }, options: {} },
    { id: 13, op: "dropout", inputs: { x: 12 }, options: { training: true, p: dropoutP, seed: 4 } },
    { id: 14, op: "max_pool2d", inputs: { x: 13 }, options: { kernelSize: 6 } },
    { id: 15, op: "flatten", inputs: { x: 14 }, options: {} },
    { id: 16, op: "linear", inputs: { x: 15, weight: 4 }, options: {} },
    { id: 17, op: "cross_entropy", inputs: { x: 16, target: 5 }, options: {} },
  ];
}
const graphOf = (list: GraphNode[]) => graphTo(17, (id) => list.find((n) => n.id === id));
const N = 24;
const data = bars(N, 1);
const conv = randn([4, 1, 3, 3], { seed: 2 });
const dense = randn([2, 4], { seed: 4 });

/** A Fit of the graph `list`: a negligible lr, one batch of all N per epoch, running statistics at 0 and 1. */
function fitOn(list: GraphNode[], options: Partial<ConstructorParameters<typeof Fit>[1]> = {}) {
  return new Fit(graphOf(list), {
    inputLeaf: 1,
    targetLeaf: 5,
    x: data.x,
    y: data.y,
    scores: 16,
    lr: 1e-30, // far below a float32 step: the parameters stay as they are
    batchSize: N,
    epochs: 3,
    seed: 1,
    params: new Map([
      [2, conv],
      [4, dense],
    ]),
    buffers: new Map([
      [6, full([4], 0)],
      [7, full([4], 1)],
    ]),
    ...options,
  });
}

const fitWith = (dropoutP: number, options: Partial<ConstructorParameters<typeof Fit>[1]> = {}) => fitOn(nodes(dropoutP), options);

describe("a training's modes", () => {
  it("updates batch norm's running statistics each step as PyTorch does: (1 - 0.1)·running + 0.1·batch, the variance unbiased", () => {
    const fit = fitWith(0);
    for (let i = 0; i < 3; i++) fit.run();
    // A negligible lr and one batch of all N per epoch: every step sees the same conv output.
    const y = getOp("conv2d").forward({ x: data.x, weight: conv }, {}).output; // [N, 4, 6, 6]
    const per = 36,
      count = N * per;
    const keep = 0.9 ** 3;
    for (let c = 0; c < 4; c++) {
      const values: number[] = [];
      for (let n = 0; n < N; n++) for (let s = 0; s < per; s++) values.push(y.data[(n * 4 + c) * per + s]);
      const mean = values.reduce((a, b) => a + b, 0) / count;
      const unbiased = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (count - 1);
      expect(fit.buffers.get(6)!.data[c]).toBeCloseTo((1 - keep) * mean, 5);
      expect(fit.buffers.get(7)!.data[c]).toBeCloseTo(keep + (1 - keep) * unbiased, 5);
    }
  });

  it("scores held-out data in evaluation mode: the running statistics, no dropout", () => {
    const fit = fitWith(0.5);
    fit.run();
    fit.run();
    const scored = fit.evaluate(data.x, data.y);
    const evalNodes = nodes(0.5).map((n) => (n.op === "batch_norm" || n.op === "dropout" ? { ...n, options: { ...n.options, training: false } } : n));
    const leaves = new Map<number, Tensor>([
      [1, data.x],
      [5, data.y],
      [2, conv],
      [4, dense],
      [6, fit.buffers.get(6)!],
      [7, fit.buffers.get(7)!],
    ]);
    const expected = forward(graphOf(evalNodes), leaves).values.get(17)!.data[0];
    expect(scored.loss).toBeCloseTo(expected, 6);
    // ...which is not what training mode gives on the same data.
    const trainingMode = forward(graphOf(nodes(0)), leaves).values.get(17)!.data[0];
    expect(Math.abs(scored.loss - trainingMode)).toBeGreaterThan(1e-4);
  });

  it("draws a new dropout mask each step, the same ones on a second run with the same seed", () => {
    const losses = (p: number) => {
      const fit = fitWith(p, { epochs: 4 });
      return [0, 1, 2, 3].map(() => fit.run().loss);
    };
    const dropped = losses(0.5);
    // A negligible lr and the same batch each step: only the mask changes the loss.
    expect(new Set(dropped.map((l) => l.toFixed(9))).size).toBe(4);
    expect(losses(0.5)).toEqual(dropped);
    const kept = losses(0);
    expect(new Set(kept.map((l) => l.toFixed(9))).size).toBe(1);
  });

  it("compounds two batch norms that share running statistics, as a module applied twice updates them twice", () => {
    // bn (6, 7) applied to the conv output, then again to its own output.
    const list = nodes(0).map((n) => (n.id === 12 ? { ...n, inputs: { x: 18 } } : n));
    list.splice(2, 0, { id: 18, op: "batch_norm", inputs: { x: 11, runningMean: 6, runningVar: 7 }, options: { training: true, name: "again" } });
    const fit = fitOn(list, { epochs: 1 });
    fit.run();
    const bn = getOp("batch_norm");
    const y = getOp("conv2d").forward({ x: data.x, weight: conv }, {}).output;
    const first = bn.forward({ x: y, runningMean: full([4], 0), runningVar: full([4], 1) }, { training: true });
    const second = bn.forward({ x: first.output, runningMean: first.state!.runningMean, runningVar: first.state!.runningVar }, { training: true });
    for (let c = 0; c < 4; c++) {
      expect(fit.buffers.get(6)!.data[c]).toBeCloseTo(second.state!.runningMean.data[c], 6);
      expect(fit.buffers.get(7)!.data[c]).toBeCloseTo(second.state!.runningVar.data[c], 6);
    }
  });

  it("gives two dropouts with the same seed different masks in each step", () => {
    // x (1, ones) → dropout → dropout (both seed 4) → mse against zeros (5): the loss is the mean of the squared mask product.
    const list: GraphNode[] = [
      { id: 10, op: "dropout", inputs: { x: 1 }, options: { p: 0.5, training: true, seed: 4 } },
      { id: 11, op: "dropout", inputs: { x: 10 }, options: { p: 0.5, training: true, seed: 4 } },
      { id: 12, op: "mul", inputs: { a: 11, b: 2 }, options: {} },
      { id: 17, op: "mse", inputs: { x: 12, target: 5 }, options: {} },
    ];
    const n = 4000;
    const fit = fitOn(list, { x: full([1, n], 1), y: full([1, n], 0), scores: undefined, batchSize: 1, epochs: 1, params: new Map([[2, full([1], 1)]]), buffers: new Map() });
    // Independent masks keep a quarter of the units, each scaled by 4: mean square 0.25 · 16 = 4;
    // one mask drawn twice would keep half, scaled by 4: 8.
    expect(fit.run().loss).toBeGreaterThan(3.5);
  });

  it("scores held-out data in batches of nearly equal size, and says so when a layer cannot", () => {
    // A batch norm without running statistics, on the class scores [N, 2]: it normalises with each
    // batch's own statistics in evaluation too.
    const list: GraphNode[] = [
      { id: 10, op: "conv2d", inputs: { x: 1, weight: 2 }, options: {} },
      { id: 12, op: "relu", inputs: { x: 10 }, options: {} },
      { id: 14, op: "max_pool2d", inputs: { x: 12 }, options: { kernelSize: 6 } },
      { id: 15, op: "flatten", inputs: { x: 14 }, options: {} },
      { id: 16, op: "linear", inputs: { x: 15, weight: 4 }, options: {} },
      { id: 18, op: "batch_norm", inputs: { x: 16 }, options: { training: true, name: "bn" } },
      { id: 17, op: "cross_entropy", inputs: { x: 18, target: 5 }, options: {} },
    ];
    const fit = fitOn(list, { epochs: 1, buffers: new Map() });
    expect(() => fit.evaluate(data.x, data.y, 23)).not.toThrow(); // 24 examples: batches of 12 and 12, not 23 and 1
    const one = { shape: [1, 1, 8, 8], data: data.x.data.slice(0, 64) };
    const label = { shape: [1], data: data.y.data.slice(0, 1) };
    expect(() => fit.evaluate(one, label)).toThrow(
      /^batch_norm "bn": expected more than 1 value per channel when training, got input size \[1, 2\] \(while scoring the held-out data, 1 example at a time, in evaluation mode\)$/,
    );
  });

  it("refuses to train a batch norm whose running statistics are not buffers", () => {
    expect(() => fitWith(0, { buffers: new Map([[6, full([4], 0)]]) })).toThrow('train: batch_norm "bn" updates its runningVar while training; pass that tensor in buffers so the updated one is kept');
  });
});
