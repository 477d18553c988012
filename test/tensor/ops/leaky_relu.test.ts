import { describe, it } from "vitest";
import { leaky_relu } from "../../../kernel/tensor/ops/leaky_relu.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// leaky_relu: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("leaky_relu", () => {
  it("backward matches finite differences", () => {
    gradcheck(leaky_relu, randomInputs({ x: [3, 5] }, 130), {});
    gradcheck(leaky_relu, randomInputs({ x: [3, 5] }, 131), { negativeSlope: 0.25 });
  });
});
