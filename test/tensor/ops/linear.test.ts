import { describe, expect, it } from "vitest";
import { linear } from "../../../kernel/tensor/ops/linear.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("linear", () => {
  it("backward matches finite differences", () => gradcheck(linear, randomInputs({ x: [4, 6], weight: [5, 6], bias: [5] }, 81)));
  it("backward matches finite differences with N=1 and no bias", () => gradcheck(linear, randomInputs({ x: [1, 3], weight: [7, 3] }, 82)));
  it("backward matches finite differences over extra leading axes", () => gradcheck(linear, randomInputs({ x: [2, 3, 4], weight: [2, 4], bias: [2] }, 83)));

  it("computes x · Wᵀ + b", () => {
    const x = tensor([1, 2], [1, 2]),
      weight = tensor([1, 0, 0, 1, 1, 1], [3, 2]),
      bias = tensor([0, 10, 100], [3]);
    expect(Array.from(linear.forward({ x, weight, bias }, {}).output.data)).toEqual([1, 12, 103]);
  });

  it("rejects bad input", () => {
    const weight = zeros([10, 16]);
    expect(() => linear.forward({ x: zeros([8, 4, 2, 2]), weight }, { name: "fc1" })).toThrow(
      'linear "fc1": expected input [..., 16] to match weight [10, 16], got [8, 4, 2, 2] (flatten the maps first?)',
    );
    expect(() => linear.forward({ x: zeros([8, 16]), weight: zeros([10, 16, 1]) }, {})).toThrow("linear: expected weight [out_features, in_features], got [10, 16, 1]");
    expect(() => linear.forward({ x: zeros([8, 16]), weight, bias: zeros([16]) }, {})).toThrow("linear: expected bias [10], got [16]");
  });
});
