import { describe, it } from "vitest";
import { mean } from "../../../kernel/tensor/ops/mean.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// mean: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("mean", () => {
  it("backward matches finite differences", () => {
    gradcheck(mean, randomInputs({ x: [2, 3, 4] }, 130), { dim: 1 });
    gradcheck(mean, randomInputs({ x: [2, 3, 4] }, 131), { dim: null });
  });
});
