import { describe, expect, it } from "vitest";
import { cross_entropy } from "../../../kernel/tensor/ops/cross_entropy.ts";
import { softmax } from "../../../kernel/tensor/ops/softmax.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";
import { reductions } from "../../helpers/pointwise_loss.ts";

describe("cross_entropy", () => {
  const target = tensor([2, 0, 1, 2], [4], "float64");
  for (const reduction of reductions) {
    it(`backward matches finite differences, reduction ${reduction}`, () => {
      gradcheck(cross_entropy, { ...randomInputs({ x: [4, 3] }, 101), target }, { reduction });
    });
  }
  it("backward matches finite differences over spatial items [N, C, L] with an ignored index", () => {
    const t = tensor([0, 2, -100, 1, 1, 0], [2, 3], "float64");
    gradcheck(cross_entropy, { ...randomInputs({ x: [2, 3, 3] }, 102), target: t }, {});
  });
  it("backward matches finite differences with class-probability targets", () => {
    const probs = softmax.forward({ x: randomInputs({ p: [3, 4] }, 5).p }, {}).output;
    gradcheck(cross_entropy, { ...randomInputs({ x: [3, 4] }, 103), target: probs }, {});
  });
  it("backward matches finite differences with label smoothing, indices and probabilities", () => {
    gradcheck(cross_entropy, { ...randomInputs({ x: [4, 3] }, 104), target }, { labelSmoothing: 0.2 });
    const probs = softmax.forward({ x: randomInputs({ p: [2, 5] }, 6).p }, {}).output;
    gradcheck(cross_entropy, { ...randomInputs({ x: [2, 5] }, 105), target: probs }, { labelSmoothing: 0.1, reduction: "sum" });
  });
  it("with smoothing ε, equals (1 - ε)·NLL + ε·mean over classes of -log p", () => {
    const x = randomInputs({ x: [3, 4] }, 8).x,
      t = tensor([0, 3, 1], [3], "float64");
    const plain = cross_entropy.forward({ x, target: t }, {}).output.data[0];
    const uniform = cross_entropy.forward({ x, target: tensor(new Array(12).fill(0.25), [3, 4], "float64") }, {}).output.data[0];
    const smoothed = cross_entropy.forward({ x, target: t }, { labelSmoothing: 0.3 }).output.data[0];
    expect(smoothed).toBeCloseTo(0.7 * plain + 0.3 * uniform, 12);
    expect(() => cross_entropy.forward({ x, target: t }, { labelSmoothing: 1.5 })).toThrow("cross_entropy: labelSmoothing must be in [0, 1], got 1.5");
  });
  it("is -log of the probability given to the right class", () => {
    const x = tensor([0, 0, Math.log(2)], [1, 3], "float64");
    expect(cross_entropy.forward({ x, target: tensor([2], [1], "float64") }, {}).output.data[0]).toBeCloseTo(-Math.log(0.5), 12);
    expect(cross_entropy.infer({ x: [1, 3], target: [1] }, {}).shape).toEqual([]);
  });
  it("rejects a class index out of range and a mismatched target", () => {
    const x = zeros([5, 4]);
    expect(() => cross_entropy.forward({ x, target: tensor([0, 1, 2, 7, 3], [5]) }, { name: "loss" })).toThrow(
      'cross_entropy "loss": target class 7 out of range for 4 classes (expected 0 to 3) at item 3',
    );
    expect(() => cross_entropy.forward({ x, target: tensor([0, 1, 2, 1.5, 3], [5]) }, {})).toThrow("cross_entropy: target class 1.5 out of range for 4 classes (expected 0 to 3) at item 3");
    expect(() => cross_entropy.forward({ x, target: zeros([4]) }, {})).toThrow("cross_entropy: expected target [5] of class indices (or [5, 4] of probabilities) for logits [5, 4], got [4]");
    expect(() => cross_entropy.forward({ x, target: zeros([5]) }, { reduction: "avg" as never })).toThrow('cross_entropy: reduction must be "mean", "sum" or "none", got "avg"');
  });
});
