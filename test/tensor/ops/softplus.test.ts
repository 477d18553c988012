import { describe, it } from "vitest";
import { softplus } from "../../../kernel/tensor/ops/softplus.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// softplus: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("softplus", () => {
  it("backward matches finite differences", () => {
    gradcheck(softplus, randomInputs({ x: [3, 5] }, 130), {});
    gradcheck(softplus, randomInputs({ x: [3, 5] }, 131), { beta: 3, threshold: 2 });
  });
});
