import { describe, expect, it } from "vitest";
import { sigmoid } from "../../../kernel/tensor/ops/sigmoid.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("sigmoid", () => {
  it("backward matches finite differences", () => gradcheck(sigmoid, randomInputs({ x: [3, 7] }, 62)));
  it("saturates without overflow", () => {
    const { output } = sigmoid.forward({ x: tensor([-1000, 0, 1000], [3], "float64") }, {});
    expect(Array.from(output.data)).toEqual([0, 0.5, 1]);
  });
});
