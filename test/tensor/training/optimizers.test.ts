import { describe, expect, it } from "vitest";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { makeOptimizer } from "../../../kernel/tensor/training/optimizers.ts";
import { schedule } from "../../../kernel/tensor/training/schedules.ts";

// The trajectories are checked against PyTorch in the golden file (test/tensor/golden.test.ts);
// here, what a hand computation shows and the errors a notebook's author meets.

describe("optimizers", () => {
  it("take PyTorch's first steps: sgd with momentum and nesterov, adam's bias correction, adamw's decoupled decay, rmsprop", () => {
    const p = tensor([1], [1], "float64"),
      g = tensor([0.5], [1], "float64");
    const sgd = makeOptimizer("sgd", { lr: 0.1, momentum: 0.9, nesterov: true });
    // nesterov: d = g + momentum · buf, buf = g on the first step
    expect(sgd.step(1, p, g).data[0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.9 * 0.5), 14);
    // adam's first step moves by lr (m̂ / sqrt(v̂) = sign(g)), up to eps
    expect(makeOptimizer("adam", { lr: 0.01 }).step(1, p, g).data[0]).toBeCloseTo(1 - 0.01, 6);
    // adamw decays the parameter by lr · weightDecay first
    expect(makeOptimizer("adamw", { lr: 0.01, weightDecay: 0.5 }).step(1, p, g).data[0]).toBeCloseTo(1 * (1 - 0.005) - 0.01, 6);
    // rmsprop: square = (1 - alpha) g², p -= lr g / (sqrt(square) + eps)
    expect(makeOptimizer("rmsprop", { lr: 0.01, alpha: 0.9 }).step(1, p, g).data[0]).toBeCloseTo(1 - (0.01 * 0.5) / Math.sqrt(0.1 * 0.25), 8);
  });

  it("refuse unknown optimizers and options with what they take", () => {
    expect(() => makeOptimizer("lbfgs", {})).toThrow('train: unknown optimizer "lbfgs" (expected sgd, adam, adamw or rmsprop)');
    expect(() => makeOptimizer("adam", { momentum: 0.9 })).toThrow("train: unknown option momentum for adam (it takes lr, betas, eps, weightDecay, amsgrad)");
    expect(() => makeOptimizer("adam", { betas: [0.9] })).toThrow("train: adam's betas must be two numbers in [0, 1), got [0.9]");
    expect(() => makeOptimizer("sgd", { lr: 0 })).toThrow("train: expected a learning rate above 0, got 0");
    expect(() => makeOptimizer("sgd", { nesterov: true })).toThrow("train: sgd's nesterov needs momentum above 0 and dampening 0");
    expect(() => makeOptimizer("rmsprop", { centered: "yes" })).toThrow(`train: rmsprop's centered must be true or false, got "yes"`);
  });
});

describe("schedules", () => {
  it("give each epoch's learning rate as PyTorch's schedulers do", () => {
    const at = (kind: string, options: Record<string, unknown>) => Array.from({ length: 6 }, (_, e) => schedule(kind, 1, options)(e));
    expect(at("step_lr", { stepSize: 2, gamma: 0.5 })).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(at("multi_step_lr", { milestones: [1, 4], gamma: 0.1 }).map((v) => Number(v.toPrecision(12)))).toEqual([1, 0.1, 0.1, 0.1, 0.01, 0.01]);
    expect(at("exponential_lr", { gamma: 0.5 })).toEqual([1, 0.5, 0.25, 0.125, 0.0625, 0.03125]);
    const cosine = at("cosine_annealing_lr", { tMax: 2 });
    expect(cosine[0]).toBe(1);
    expect(cosine[1]).toBeCloseTo(0.5, 14);
    expect(cosine[2]).toBeCloseTo(0, 14);
    expect(cosine[3]).toBeCloseTo(0.5, 14); // rising again past tMax
  });

  it("refuse unknown schedules and options", () => {
    expect(() => schedule("one_cycle", 1, {})).toThrow('train: unknown schedule "one_cycle" (expected step_lr, multi_step_lr, exponential_lr or cosine_annealing_lr)');
    expect(() => schedule("step_lr", 1, { gamma: 0.1 })).toThrow("train: step_lr's stepSize must be a number >= 1, got undefined");
    expect(() => schedule("exponential_lr", 1, { gamma: 0.9, stepSize: 2 })).toThrow("train: unknown option stepSize for exponential_lr (it takes gamma)");
  });
});
