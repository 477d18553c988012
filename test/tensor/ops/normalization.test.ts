import { describe, expect, it } from "vitest";
import { ops } from "../../../kernel/tensor/ops/index.ts";
import { tensor, type Tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

type Forward = (inputs: Record<string, Tensor>, options: Record<string, unknown>) => { output: Tensor; state?: Record<string, Tensor> };
const forward = (name: keyof typeof ops) => ops[name].forward as unknown as Forward;

describe("layer_norm, group_norm, batch_norm", () => {
  it("normalise as PyTorch does, and their gradients (x, weight, bias) match finite differences", () => {
    const y = forward("layer_norm")({ x: tensor([1, 2, 3, 4], [2, 2], "float64") }, { normalizedShape: [2], eps: 0 }).output;
    expect(Array.from(y.data)).toEqual([-1, 1, -1, 1]);
    gradcheck(ops.layer_norm, randomInputs({ x: [3, 2, 4], weight: [2, 4], bias: [2, 4] }, 110), { normalizedShape: [2, 4] });
    gradcheck(ops.layer_norm, randomInputs({ x: [3, 5] }, 111), { normalizedShape: 5 });
    gradcheck(ops.group_norm, randomInputs({ x: [2, 6, 3], weight: [6], bias: [6] }, 112), { numGroups: 3 });
    gradcheck(ops.group_norm, randomInputs({ x: [1, 4, 2, 2], weight: [4], bias: [4] }, 113), { numGroups: 1 });
    const bn = { ...randomInputs({ x: [4, 3, 5], weight: [3], bias: [3] }, 114), runningMean: tensor([0, 1, -1], [3], "float64"), runningVar: tensor([1, 2, 0.5], [3], "float64") };
    gradcheck(ops.batch_norm, bn, { training: true });
    gradcheck(ops.batch_norm, bn, { training: false });
    gradcheck(ops.batch_norm, randomInputs({ x: [5, 2], weight: [2], bias: [2] }, 115), { training: true });
  });

  it("batch norm: training returns the running statistics PyTorch keeps (unbiased variance, momentum); evaluation uses them", () => {
    const x = tensor([1, 3, 5, 7], [4, 1], "float64");
    const runningMean = tensor([0], [1], "float64"),
      runningVar = tensor([1], [1], "float64");
    const { state } = forward("batch_norm")({ x, runningMean, runningVar }, { training: true, momentum: 0.5 });
    // Batch mean 4, unbiased variance 20/3.
    expect(Array.from(state!.runningMean.data)).toEqual([2]);
    expect(state!.runningVar.data[0]).toBeCloseTo(0.5 + 0.5 * (20 / 3), 12);
    const evaluated = forward("batch_norm")({ x, runningMean: state!.runningMean, runningVar: state!.runningVar }, { eps: 0 }).output;
    expect(evaluated.data[0]).toBeCloseTo((1 - 2) / Math.sqrt(0.5 + 10 / 3), 12);
  });

  it("refuse what PyTorch refuses, naming op and layer", () => {
    const x = tensor(new Float32Array(8), [1, 4, 2]);
    expect(() => forward("group_norm")({ x }, { name: "gn", numGroups: 3 })).toThrow('group_norm "gn": numGroups 3 must divide the 4 channels');
    expect(() => forward("batch_norm")({ x: tensor([1, 2, 3, 4], [1, 4]) }, { name: "bn", training: true })).toThrow(
      'batch_norm "bn": expected more than 1 value per channel when training, got input size [1, 4]',
    );
    expect(() => forward("batch_norm")({ x }, { name: "bn" })).toThrow('batch_norm "bn": evaluation (training: false) needs runningMean and runningVar');
    expect(() => forward("layer_norm")({ x }, { name: "ln", normalizedShape: [3] })).toThrow('layer_norm "ln": normalizedShape [3] must be the last axes of the input [1, 4, 2]');
    expect(() => forward("batch_norm")({ x, weight: tensor([1, 2], [2]) }, { name: "bn", training: true })).toThrow('batch_norm "bn": expected weight [4] (one per channel), got [2]');
  });
});
