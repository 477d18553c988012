import { describe, expect, it } from "vitest";
import { relu } from "../../../kernel/tensor/ops/relu.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("relu", () => {
  it("backward matches finite differences", () => gradcheck(relu, randomInputs({ x: [2, 3, 4, 5] }, 61)));
  it("passes the upstream gradient where the input is positive (the lecture's Jacobian example)", () => {
    const x = tensor([1, -2, 3, -1], [4]);
    const { saved } = relu.forward({ x }, {});
    expect(Array.from(relu.backward(tensor([4, -1, 5, 9], [4]), saved, {}).x.data)).toEqual([4, 0, 5, 0]);
  });
  it("keeps NaN and gives 0 at 0", () => {
    const { output } = relu.forward({ x: tensor([NaN, 0, -0.5]) }, {});
    expect(Number.isNaN(output.data[0])).toBe(true);
    expect(Array.from(output.data.slice(1))).toEqual([0, 0]);
  });
  it("rejects a missing input and any option", () => {
    expect(() => relu.forward({}, { name: "act" })).toThrow('relu "act": missing input x');
    expect(() => relu.forward({ x: tensor([1]) }, { inplace: true } as never)).toThrow('relu: unknown option "inplace" (it takes only name)');
  });
});
