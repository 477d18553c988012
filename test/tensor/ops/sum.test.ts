import { describe, it } from "vitest";
import { sum } from "../../../kernel/tensor/ops/sum.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// sum: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("sum", () => {
  it("backward matches finite differences", () => {
    gradcheck(sum, randomInputs({ x: [2, 3, 4] }, 130), {});
    gradcheck(sum, randomInputs({ x: [2, 3, 4] }, 131), { dim: [0, 2], keepdim: true });
  });
});
