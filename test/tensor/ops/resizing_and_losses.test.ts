import { describe, expect, it } from "vitest";
import { ops } from "../../../kernel/tensor/ops/index.ts";
import { tensor, type Tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// pad, the adaptive poolings, interpolate and the new losses (issue 17): PyTorch's values,
// gradients by finite differences, and errors naming op and layer.

type Forward = (inputs: Record<string, Tensor>, options: Record<string, unknown>) => { output: Tensor };
const forward = (name: keyof typeof ops) => ops[name].forward as unknown as Forward;
const values = (t: Tensor) => Array.from(t.data);

describe("pad", () => {
  it("pads constant, reflect and replicate as F.pad (last axis first), and sends gradients back to the values read", () => {
    const x = tensor([1, 2, 3], [1, 1, 3], "float64");
    expect(values(forward("pad")({ x }, { pad: [2, 1], mode: "constant", value: 9 }).output)).toEqual([9, 9, 1, 2, 3, 9]);
    expect(values(forward("pad")({ x }, { pad: [2, 2], mode: "reflect" }).output)).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(values(forward("pad")({ x }, { pad: [1, 2], mode: "replicate" }).output)).toEqual([1, 1, 2, 3, 3, 3]);
    expect(values(forward("pad")({ x }, { pad: [-1, 0] }).output)).toEqual([2, 3]);
    gradcheck(ops.pad, randomInputs({ x: [2, 1, 4, 5] }, 92), { pad: [1, 2, 2, 1], mode: "reflect" });
    gradcheck(ops.pad, randomInputs({ x: [1, 2, 3, 3] }, 93), { pad: [2, 0, 1, 3], mode: "replicate" });
    gradcheck(ops.pad, randomInputs({ x: [2, 3] }, 94), { pad: [1, 1, 1, 0], value: 2 });
    expect(() => forward("pad")({ x }, { name: "p", pad: [3, 0], mode: "reflect" })).toThrow('pad "p": reflect padding must be less than the axis it pads: axis 2 has 3, padding 3 and 0');
    expect(() => forward("pad")({ x }, { name: "p", pad: [1] })).toThrow(/pad "p": pad must be a list of integers in pairs/);
    expect(() => forward("pad")({ x }, { name: "p", pad: [1, 1], mode: "circular" })).toThrow('pad "p": mode must be "constant", "reflect" or "replicate", got "circular"');
  });
});

describe("adaptive pooling", () => {
  it("cuts PyTorch's windows (start floor(i·L/out), end ceil((i+1)·L/out)), overlapping where L does not divide", () => {
    const x = tensor([1, 2, 3, 4, 5], [1, 1, 5], "float64");
    expect(values(forward("adaptive_avg_pool1d")({ x }, { outputSize: 3 }).output)).toEqual([1.5, 3, 4.5]);
    expect(values(forward("adaptive_max_pool1d")({ x }, { outputSize: [2] }).output)).toEqual([3, 5]);
    const y = forward("adaptive_avg_pool2d")({ x: tensor([1, 2, 3, 4], [1, 1, 2, 2], "float64") }, { outputSize: 1 }).output;
    expect(y.shape).toEqual([1, 1, 1, 1]);
    expect(values(y)).toEqual([2.5]);
    for (const name of ["adaptive_avg_pool2d", "adaptive_max_pool2d"] as const) gradcheck(ops[name], randomInputs({ x: [2, 2, 7, 5] }, 95), { outputSize: [3, 2] });
    for (const name of ["adaptive_avg_pool1d", "adaptive_max_pool1d"] as const) gradcheck(ops[name], randomInputs({ x: [2, 3, 4] }, 96), { outputSize: 6 });
    expect(() => forward("adaptive_avg_pool2d")({ x }, { name: "g", outputSize: 1 })).toThrow('adaptive_avg_pool2d "g": expected input [N, C, H, W], got [1, 1, 5]');
    expect(() => forward("adaptive_max_pool1d")({ x }, { name: "g", outputSize: 0 })).toThrow('adaptive_max_pool1d "g": outputSize must be a positive integer or a list of 1, got 0');
  });
});

describe("interpolate", () => {
  it("resizes as F.interpolate: nearest, linear and bilinear, with and without alignCorners", () => {
    const x = tensor([0, 1], [1, 1, 2], "float64");
    expect(values(forward("interpolate")({ x }, { size: 4 }).output)).toEqual([0, 0, 1, 1]);
    expect(values(forward("interpolate")({ x }, { size: 4, mode: "linear" }).output)).toEqual([0, 0.25, 0.75, 1]);
    expect(values(forward("interpolate")({ x }, { size: 3, mode: "linear", alignCorners: true }).output)).toEqual([0, 0.5, 1]);
    expect(values(forward("interpolate")({ x }, { scaleFactor: 2 }).output)).toEqual([0, 0, 1, 1]);
    gradcheck(ops.interpolate, randomInputs({ x: [1, 2, 3, 4] }, 97), { size: [5, 7], mode: "bilinear" });
    gradcheck(ops.interpolate, randomInputs({ x: [1, 2, 3, 4] }, 98), { size: [2, 9], mode: "bilinear", alignCorners: true });
    gradcheck(ops.interpolate, randomInputs({ x: [2, 1, 5] }, 99), { size: 12 });
    expect(() => forward("interpolate")({ x }, { name: "u", size: 4, mode: "bilinear" })).toThrow('interpolate "u": mode "bilinear" is for 2-D [N, C, H, W] inputs, got [1, 1, 2]');
    expect(() => forward("interpolate")({ x }, { name: "u", size: 4, scaleFactor: 2 })).toThrow('interpolate "u": size must be left out when scaleFactor is given (exactly one of them)');
  });
});

describe("nll_loss, l1_loss, smooth_l1_loss and cross_entropy's class weights", () => {
  it("follow PyTorch (the weighted mean divides by the targets' weights) and their gradients match finite differences", () => {
    const x = tensor([-1, -2, -0.5, -3, -0.2, -1.5], [2, 3], "float64");
    const target = tensor([2, 0], [2], "float64");
    expect(values(forward("nll_loss")({ x, target }, {}).output)[0]).toBeCloseTo((0.5 + 3) / 2, 14);
    const weight = tensor([2, 1, 0.5], [3], "float64");
    expect(values(forward("nll_loss")({ x, target, weight }, {}).output)[0]).toBeCloseTo((0.5 * 0.5 + 2 * 3) / 2.5, 14);
    const logits = randomInputs({ x: [4, 3, 2] }, 100).x;
    const classes = tensor([0, 2, 1, 1, 2, 0, 0, 1], [4, 2], "float64");
    for (const options of [{}, { labelSmoothing: 0.2 }, { reduction: "sum", labelSmoothing: 0.1 }]) {
      gradcheck(ops.cross_entropy, { x: logits, target: classes, weight }, options);
      gradcheck(ops.nll_loss, { x: logits, target: classes, weight }, options.labelSmoothing ? { reduction: options.reduction ?? "mean" } : {});
    }
    const a = randomInputs({ x: [3, 4] }, 101).x,
      t = randomInputs({ t: [3, 4] }, 102).t;
    gradcheck(ops.l1_loss, { x: a, target: t });
    for (const beta of [0.5, 1, 2]) gradcheck(ops.smooth_l1_loss, { x: a, target: t }, { beta });
    expect(values(forward("smooth_l1_loss")({ x: tensor([0.2, 3], [2], "float64"), target: tensor([0, 0], [2], "float64") }, { reduction: "sum" }).output)[0]).toBeCloseTo(0.02 + 2.5, 14);
    expect(() => forward("nll_loss")({ x, target, weight: tensor([1, 1], [2]) }, { name: "l" })).toThrow('nll_loss "l": expected weight [3] (one per class), got [2]');
    expect(() => forward("cross_entropy")({ x, target, weight: tensor([1], [1]) }, { name: "l" })).toThrow('cross_entropy "l": expected weight [3] (one per class), got [1]');
    expect(() => forward("smooth_l1_loss")({ x: a, target: t }, { name: "l", beta: -1 })).toThrow('smooth_l1_loss "l": beta must be >= 0, got -1');
  });
});
