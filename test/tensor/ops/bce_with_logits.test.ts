import { describe, expect, it } from "vitest";
import { bce_with_logits } from "../../../kernel/tensor/ops/bce_with_logits.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { pointwiseLossChecks } from "../../helpers/pointwise_loss.ts";

describe("bce_with_logits", () => {
  pointwiseLossChecks(bce_with_logits, tensor([1, 0, 1, 1, 0, 0.25], [2, 3], "float64"));
  it("is -log sigmoid(x) for a positive target and stays finite for large logits", () => {
    const small = bce_with_logits.forward({ x: tensor([0.3], [1], "float64"), target: tensor([1], [1], "float64") }, {}).output;
    expect(small.data[0]).toBeCloseTo(-Math.log(1 / (1 + Math.exp(-0.3))), 12);
    const out = bce_with_logits.forward({ x: tensor([1000, -1000], [2]), target: tensor([0, 1], [2]) }, {}).output;
    expect(out.data[0]).toBeCloseTo(1000, 3);
  });
});
