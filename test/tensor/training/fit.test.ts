import { describe, expect, it } from "vitest";
import { Fit } from "../../../kernel/tensor/training/fit.ts";
import { graphTo, type GraphNode } from "../../../kernel/tensor/training/graph.ts";
import { randn } from "../../../kernel/tensor/random.ts";
import { bars } from "../../helpers/bars.ts";
import type { Tensor } from "../../../kernel/tensor/tensor.ts";

// x (1) → conv 4@3x3 (2, 3) → relu → max pool over the whole 6x6 map → flatten → linear (4) → cross-entropy with targets (5).
const NODES: GraphNode[] = [
  { id: 10, op: "conv2d", inputs: { x: 1, weight: 2, bias: 3 }, options: {} },
  { id: 11, op: "relu", inputs: { x: 10 }, options: {} },
  { id: 12, op: "max_pool2d", inputs: { x: 11 }, options: { kernelSize: 6 } },
  { id: 13, op: "flatten", inputs: { x: 12 }, options: {} },
  { id: 14, op: "linear", inputs: { x: 13, weight: 4 }, options: {} },
  { id: 15, op: "cross_entropy", inputs: { x: 14, target: 5 }, options: {} },
];
const scaled = (t: Tensor, s: number): Tensor => ({ shape: t.shape, data: t.data.map((v) => v * s) });
const graph = graphTo(15, (id) => NODES.find((n) => n.id === id));

function barsFit(options: Partial<ConstructorParameters<typeof Fit>[1]> = {}) {
  const { x, y } = bars(128, 1);
  return new Fit(graph, {
    inputLeaf: 1,
    targetLeaf: 5,
    x,
    y,
    scores: 14,
    lr: 0.1,
    momentum: 0.9,
    batchSize: 16,
    epochs: 15,
    seed: 3,
    params: new Map([
      [2, scaled(randn([4, 1, 3, 3], { seed: 2 }), 0.3)],
      [3, scaled(randn([4], { seed: 3 }), 0.1)],
      [4, scaled(randn([2, 4], { seed: 4 }), 0.3)],
    ]),
    ...options,
  });
}

describe("Fit with an optimizer and a schedule", () => {
  it("steps the learning rate after each epoch as the schedule says, and trains with adamw and rmsprop too", () => {
    const f = barsFit({ momentum: 0, optimizer: "sgd", epochs: 4, schedule: { kind: "multi_step_lr", milestones: [1, 3], gamma: 0.5 } });
    const lrs: number[] = [];
    while (!f.done) {
      lrs.push(f.lr);
      const p = f.run();
      if (!p.epochEnded) lrs.pop();
    }
    expect(lrs).toEqual([0.1, 0.05, 0.05, 0.025]);
    for (const optimizer of ["adamw", "rmsprop"]) {
      const g = barsFit({ momentum: 0, lr: 0.01, optimizer, epochs: 6 });
      const first = g.run().loss;
      let last = first;
      while (!g.done) last = g.run().loss;
      expect(last, optimizer).toBeLessThan(first);
    }
  });
});

describe("Fit", () => {
  it("learns to tell vertical from horizontal bars: held-out accuracy at least 95%, the loss falling", () => {
    const f = barsFit();
    const epochLoss: number[] = [];
    for (;;) {
      const p = f.run();
      if (p.epochEnded) epochLoss.push(p.loss);
      if (p.done) break;
    }
    expect(epochLoss).toHaveLength(15);
    expect(epochLoss[14]).toBeLessThan(epochLoss[0] / 2);
    const test = bars(200, 99);
    expect(f.evaluate(test.x, test.y).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("counts steps and epochs; the same seed gives the same parameters", () => {
    const a = barsFit({ epochs: 2 }),
      b = barsFit({ epochs: 2 });
    const steps = [];
    for (let p = a.run(); ; p = a.run()) {
      steps.push([p.epoch, p.step, p.epochEnded, p.done]);
      if (p.done) break;
    }
    expect(steps).toHaveLength(16);
    expect(steps[7]).toEqual([0, 8, true, false]);
    expect(steps[15]).toEqual([1, 16, true, true]);
    while (!b.run().done);
    expect(Array.from(a.params.get(2)!.data)).toEqual(Array.from(b.params.get(2)!.data));
    expect(() => a.run()).toThrow("train: training has ended");
  });

  it("throws on mismatched data and bad epochs", () => {
    const { x } = bars(10, 1);
    expect(() => barsFit({ x })).toThrow("train: 10 inputs but 128 targets");
    expect(() => barsFit({ epochs: 0 })).toThrow("train: expected epochs of 1 or more, got 0");
    expect(() => barsFit({ x: { shape: [0, 1, 6, 6], data: new Float32Array(0) }, y: { shape: [0], data: new Float32Array(0) } })).toThrow(
      "train: no examples to train on (the inputs' batch dimension is 0)",
    );
  });
});
